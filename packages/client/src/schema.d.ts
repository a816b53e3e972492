/**
 * The Loop API's operations, generated from GET /openapi.json by `npm run generate:client`
 * (scripts/generate-client.ts, openapi-typescript). Do not edit: change the routes' schemas and regenerate.
 */
export interface paths {
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The OpenAPI 3.1 document. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Describe the service */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              name: string;
              description: string;
              version: string;
              /** @description The build's git commit (when known). */
              rev?: string;
              /** @description The build's git branch (when known). */
              branch?: string;
              homepage: string;
              /** @description The public URL. */
              endpoint: string;
              provider: string;
              /** @description Always false (2016 field). */
              fakeTokBox: boolean;
              /** @description Sign-in is enabled (the field 2016 clients read). */
              fxaOAuth: boolean;
              signIn: {
                enabled: boolean;
                /** @enum {string} */
                protocol?: 'openid-connect';
                issuer?: string;
                clientId?: string;
                scope?: string;
              };
              i18n: {
                defaultLang: string;
                lang?: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/__heartbeat__': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Check the store and the provider */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description All checks passed. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              storage: boolean;
              provider: boolean;
              /** @description Why the provider check failed. */
              message?: string;
            };
          };
        };
        /** @description A check failed. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              storage: boolean;
              provider: boolean;
              /** @description Why the provider check failed. */
              message?: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/__lbheartbeat__': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is up */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Ready. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': Record<string, never>;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/push-server-config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where to get push URLs */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description A SimplePush server, or null. */
              pushServerURI: string | null;
              /** @description The `applicationServerKey` for `pushManager.subscribe()`. */
              vapidPublicKey: string;
            };
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/registration': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Register this device's push URLs (and get a session)
     * @description Without credentials, mints an anonymous session: its token is in the `Hawk-Session-Token` response header. With `Authorization: Bearer <access token>`, mints a signed-in session.
     */
    post: {
      parameters: {
        query?: {
          simplePushURL?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            simplePushURLs?: {
              calls?: string;
              rooms?: string;
            };
            simplePushURL?: string;
            simple_push_url?: string;
            webPushSubscription?: {
              endpoint: string;
              keys: {
                p256dh: string;
                auth: string;
              };
              topics?: ('calls' | 'rooms')[];
            };
          };
        };
      };
      responses: {
        /** @description Registered: an empty body sent as application/json, as in 2016. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk or the Bearer token failed (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    /** Remove this device's push URLs and Web Push subscription */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Sign this device out */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Signed out. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description The session is not signed in (errno 110). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/account': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete the user's links, calls, push URLs and sessions */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/fxa-oauth/params': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start the OpenID Connect code flow (PKCE)
     * @description Without credentials, mints a session (token in the `Hawk-Session-Token` response header).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              client_id: string;
              redirect_uri: string;
              scope: string;
              state: string;
              code_challenge: string;
              /** @enum {string} */
              code_challenge_method: 'S256';
              authorization_endpoint: string;
              /** @description The same URL with every parameter filled in, ready to open. */
              authorization_url: string;
            };
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Sign-in is not enabled on this server (errno 999). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/fxa-oauth/token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The access token of the last exchange */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Absent before the first exchange. */
              access_token?: string;
            };
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Sign-in is not enabled on this server (errno 999). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    put?: never;
    /** Exchange the code: the session is signed in */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            code: string;
            state: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              token_type: string;
              access_token: string;
              scope: string;
            };
          };
        };
        /** @description Invalid parameters (107/108), or the state is not the one issued (errno 114). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Sign-in is not enabled on this server (errno 999). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/call-url': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The user's live call links */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              callToken: string;
              callUrl: string;
              callerId: string;
              issuer: string;
              subject?: string;
              /** @description When the link was made (seconds since the epoch) */
              timestamp: number;
              /** @description When the link expires (seconds since the epoch) */
              expires: number;
            }[];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    put?: never;
    /** Make a call link */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            callerId?: string;
            remote_id?: string;
            expiresIn?: number;
            valid_duration?: number;
            issuer?: string;
            subject?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              callUrl: string;
              callToken: string;
              /** @description The same URL, under its 2014 name. */
              call_url: string;
              /** @description When the link expires (seconds since the epoch) */
              expiresAt: number;
            };
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/call-url/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change a call link's fields (only those sent) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            callerId?: string;
            remote_id?: string;
            expiresIn?: number;
            valid_duration?: number;
            issuer?: string;
            subject?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The new expiry (seconds since the epoch) */
              expiresAt: number;
            };
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description The link is not yours (errno 110). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown or expired link (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    post?: never;
    /** Revoke a call link */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description The link is not yours (errno 110). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown or expired link (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The callee's live incoming calls since `version` */
    get: {
      parameters: {
        query: {
          version: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              calls: {
                /** @description 32 hex characters. */
                callId: string;
                /** @description Proves this side on the progress websocket (`hello`). */
                websocketToken: string;
                /** @description The provider's session id. */
                sessionId: string;
                /** @description This side's provider token. */
                sessionToken: string;
                /** @description The provider's public key. */
                apiKey: string;
                /** @description The progress websocket (`/websocket`). */
                progressURL: string;
                /** @description `builtin`, `opentok`, `livekit`, `janus`. */
                provider: string;
                /** @enum {string} */
                callType: 'audio' | 'audio-video';
                callerId: string;
                subject?: string;
                /** @description The link called, for a call made through one. */
                callUrl?: string;
                /** @description The same, under its 2014 name. */
                call_url?: string;
                callToken?: string;
                /** @description When the link was made (seconds since the epoch) */
                urlCreationDate?: number;
                /** @description Built-in provider: the signalling relay websocket. */
                signallingURL?: string;
                /** @description Built-in and Janus providers: STUN/TURN. */
                iceServers?: {
                  urls: string[];
                  username?: string;
                  credential?: string;
                }[];
                /** @description LiveKit provider: the LiveKit server websocket. */
                livekitUrl?: string;
                /** @description Janus provider: the Janus HTTP API's URL. */
                janusUrl?: string;
                /** @description Janus provider: the VideoRoom room. */
                janusRoom?: number | string;
              }[];
            };
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    put?: never;
    /** Call a signed-in user directly */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            calleeId: string | string[];
            callType: 'audio' | 'audio-video';
            subject?: string;
            channel?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description 32 hex characters. */
              callId: string;
              /** @description Proves this side on the progress websocket (`hello`). */
              websocketToken: string;
              /** @description The provider's session id. */
              sessionId: string;
              /** @description This side's provider token. */
              sessionToken: string;
              /** @description The provider's public key. */
              apiKey: string;
              /** @description The progress websocket (`/websocket`). */
              progressURL: string;
              /** @description `builtin`, `opentok`, `livekit`, `janus`. */
              provider: string;
              /** @description Built-in provider: the signalling relay websocket. */
              signallingURL?: string;
              /** @description Built-in and Janus providers: STUN/TURN. */
              iceServers?: {
                urls: string[];
                username?: string;
                credential?: string;
              }[];
              /** @description LiveKit provider: the LiveKit server websocket. */
              livekitUrl?: string;
              /** @description Janus provider: the Janus HTTP API's URL. */
              janusUrl?: string;
              /** @description Janus provider: the VideoRoom room. */
              janusRoom?: number | string;
            };
          };
        };
        /** @description Invalid parameters (errno 107/108), or nobody could be reached (errno 122). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description The session is not signed in (errno 110). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/calls/id/{callId}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a pending call (the caller, without a websocket) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          callId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            websocketToken: string;
          };
        };
      };
      responses: {
        /** @description The call ended as terminated/cancel. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown or finished call, or not the caller's token (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/calls/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Check a call link
     * @description With `Accept: text/html` (a browser), the link page instead (404 page when invalid).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The link's `issuer`. */
              calleeFriendlyName: string;
              /** @description When the link was made (seconds since the epoch) */
              urlCreationDate: number;
              /** @description When the link expires (seconds since the epoch) */
              expiresAt: number;
            };
          };
        };
        /** @description Unknown, revoked or expired link (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    put?: never;
    /** Call the owner of a call link */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            callType: 'audio' | 'audio-video';
            subject?: string;
            channel?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description 32 hex characters. */
              callId: string;
              /** @description Proves this side on the progress websocket (`hello`). */
              websocketToken: string;
              /** @description The provider's session id. */
              sessionId: string;
              /** @description This side's provider token. */
              sessionToken: string;
              /** @description The provider's public key. */
              apiKey: string;
              /** @description The progress websocket (`/websocket`). */
              progressURL: string;
              /** @description `builtin`, `opentok`, `livekit`, `janus`. */
              provider: string;
              /** @description Built-in provider: the signalling relay websocket. */
              signallingURL?: string;
              /** @description Built-in and Janus providers: STUN/TURN. */
              iceServers?: {
                urls: string[];
                username?: string;
                credential?: string;
              }[];
              /** @description LiveKit provider: the LiveKit server websocket. */
              livekitUrl?: string;
              /** @description Janus provider: the Janus HTTP API's URL. */
              janusUrl?: string;
              /** @description Janus provider: the VideoRoom room. */
              janusRoom?: number | string;
            };
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown, revoked or expired link (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description The provider or the store failed (503 errno 201, with Retry-After); nothing was stored. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rooms': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The user's rooms, then those deleted since `version` */
    get: {
      parameters: {
        query?: {
          version?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': (
              | {
                  roomToken: string;
                  roomUrl: string;
                  /** @description Legacy rooms only (deprecated clear name). */
                  roomName?: string;
                  /** @description The client-encrypted room data (spec §7.8), stored and returned as given. */
                  context: {
                    value: string;
                    alg: string;
                    wrappedKey: string;
                  } | null;
                  roomOwner: string;
                  maxSize: number;
                  /** @description The smallest of maxSize and every participant's clientMaxSize. */
                  clientMaxSize: number;
                  /** @description When the room was made (seconds since the epoch) */
                  creationTime: number;
                  /** @description When the room expires (seconds since the epoch) */
                  expiresAt: number;
                  /** @description The last change (also the push version) (seconds since the epoch) */
                  ctime: number;
                  participants: {
                    roomConnectionId: string;
                    displayName: string;
                    account?: string;
                    owner: boolean;
                  }[];
                }
              | {
                  roomToken: string;
                  /** @enum {boolean} */
                  deleted: true;
                }
            )[];
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    put?: never;
    /**
     * Make a room
     * @description Body: `context` (or legacy `roomName`), `roomOwner`, `maxSize`, `expiresIn`, `channel` (docs/rooms.md).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              roomToken: string;
              roomUrl: string;
              /** @description When the room expires (seconds since the epoch) */
              expiresAt: number;
            };
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    /** Delete several rooms */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            deleteRoomTokens: string[];
          };
        };
      };
      responses: {
        /** @description Some rooms were deleted; the outcome per room. */
        207: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Per room token: `{code: 200}`, or `{code: 404, errno: 105, error}`. */
              responses: {
                [key: string]: {
                  code: number;
                  errno?: number;
                  error?: string;
                };
              };
            };
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description None of the rooms was deleted; the outcome per room. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Per room token: `{code: 200}`, or `{code: 404, errno: 105, error}`. */
              responses: {
                [key: string]: {
                  code: number;
                  errno?: number;
                  error?: string;
                };
              };
            };
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    trace?: never;
  };
  '/rooms/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A room: public info, or full info for its owner and participants */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | {
                  roomToken: string;
                  roomUrl: string;
                  /** @description Legacy rooms only (deprecated clear name). */
                  roomName?: string;
                  /** @description The client-encrypted room data (spec §7.8), stored and returned as given. */
                  context: {
                    value: string;
                    alg: string;
                    wrappedKey: string;
                  } | null;
                  roomOwner: string;
                  maxSize: number;
                  /** @description The smallest of maxSize and every participant's clientMaxSize. */
                  clientMaxSize: number;
                  /** @description When the room was made (seconds since the epoch) */
                  creationTime: number;
                  /** @description When the room expires (seconds since the epoch) */
                  expiresAt: number;
                  /** @description The last change (also the push version) (seconds since the epoch) */
                  ctime: number;
                  participants: {
                    roomConnectionId: string;
                    displayName: string;
                    account?: string;
                    owner: boolean;
                  }[];
                }
              | {
                  roomToken: string;
                  /** @description Legacy rooms only (deprecated clear name). */
                  roomName?: string;
                  /** @description The client-encrypted room data (spec §7.8), stored and returned as given. */
                  context: {
                    value: string;
                    alg: string;
                    wrappedKey: string;
                  } | null;
                  roomOwner: string;
                  roomUrl: string;
                };
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Credentials given, but neither the owner nor a participant (errno 999). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown or expired room (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    put?: never;
    /**
     * Act in a room: join, refresh, status, leave, logDomain
     * @description Body `{action, …}` (docs/rooms.md). `join` (no credentials, Hawk or Basic) answers the provider credentials and `expires`; `refresh` answers `{expires}`; `status`, `leave` and `logDomain` answer 204. Later calls authenticate with Hawk or with `Basic base64(<sessionToken>:)`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | {
                  apiKey: string;
                  sessionId: string;
                  /** @description The provider token; also the participant's Basic credential. */
                  sessionToken: string;
                  /** @description Seconds until the participation lapses unless refreshed (a number). */
                  expires: number;
                  roomConnectionId: string;
                  provider: string;
                  /** @description Built-in provider: the signalling relay websocket. */
                  signallingURL?: string;
                  /** @description Built-in and Janus providers: STUN/TURN. */
                  iceServers?: {
                    urls: string[];
                    username?: string;
                    credential?: string;
                  }[];
                  /** @description LiveKit provider: the LiveKit server websocket. */
                  livekitUrl?: string;
                  /** @description Janus provider: the Janus HTTP API's URL. */
                  janusUrl?: string;
                  /** @description Janus provider: the VideoRoom room. */
                  janusRoom?: number | string;
                }
              | {
                  /** @description Seconds until the participation lapses unless refreshed (a number). */
                  expires: number;
                };
          };
        };
        /** @description status, leave, logDomain: done. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid parameters (107/108), room full (202), client capacity (121), not a participant (203). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown or expired room (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description The participation has expired: join again (errno 111). */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    /** Delete a room */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Not the owner of this room (errno 999). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown or expired room (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a room's fields (only those sent) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The new expiry (seconds since the epoch) */
              expiresAt: number;
            };
          };
        };
        /** @description A parameter is missing (errno 108) or invalid (errno 107). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Not the owner of this room (errno 999). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Unknown or expired room (errno 105). */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    trace?: never;
  };
  '/events/ticket': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A ticket for the events websocket */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Single use: the `/events` websocket hello carries it. */
              ticket: string;
              /** @description Seconds (30). */
              expiresIn: number;
            };
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/event': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Report a UX event (never forwarded)
     * @description Parameters are checked first (400 errno 108 without credentials too), then Hawk, then the answer is 405 errno 999: this server forwards no analytics.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            event: string;
            action: string;
            label: string;
          };
        };
      };
      responses: {
        /** @description event, action or label missing (errno 108). */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Hawk authentication failed or is missing (errno 110). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Analytics are not configured (errno 999), always. */
        405: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description Any other client error (see the errno). */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
        /** @description A backend failed (503 errno 201, with Retry-After). */
        '5XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['LoopError'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/c/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The call link's page (the caller's side) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The page. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/html': string;
          };
        };
        /** @description The link is not valid. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/html': string;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/r/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The room link's page */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The page. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/html': string;
          };
        };
        /** @description The room is not valid. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/html': string;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/app': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** To /app/ */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Location: /app/. */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/app/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The callee's web app */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The app. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/html': string;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/app/sw.js': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The web app's service worker (scope /app/) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The script. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/javascript': string;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/websocket': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Call progress websocket (at `progressURL`)
     * @description The historical call progress protocol (spec §6.6), both sides of a call. Client → server: `{"messageType":"hello","callId","auth":<websocketToken>}` first (within `LOOP_WS_HELLO_TIMEOUT_SECONDS`), then `{"messageType":"action","event":"accept"|"media-up"|"terminate","reason"?}`; `{"messageType":"echo","echo"}` at any time. Server → client: `hello` and `progress` (`state`: `init`, `alerting`, `connecting`, `half-connected`, `connected`, `terminated`, with `reason` when terminated), `echo`, `error` (`reason`, then close 1008). The server closes with 1000 after `connected` or `terminated`, 1009 for a frame over `LOOP_WS_MAX_FRAME_BYTES`, 1001 when it shuts down. Only the callee may `accept`. Frames, error reasons and timers: docs/realtime.md.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Switching Protocols: the websocket is open; JSON text frames follow. */
        101: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The user's events websocket (incoming calls, room changes)
     * @description For apps that cannot sign a websocket with Hawk: get a ticket with `POST /events/ticket`, open the socket and send `{"type":"hello","ticket"}` first. Server → client: `{"type":"hello","pending":[item…]}` (live calls, each a `GET /calls` item), `{"type":"incoming-call","call":item}`, `{"type":"call-ended","callId","reason"}`, `{"type":"room-changed","roomToken","event","version"}` (then `GET /rooms?version=`), `{"type":"pong"}` for `{"type":"ping"}`, and `{"type":"error","reason"}`: `invalid-ticket` (close 4401), `timeout` (4408), `bad-message` (4400 before hello), `unavailable` (4503). Details: docs/realtime.md.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Switching Protocols: the websocket is open; JSON text frames follow. */
        101: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/signalling': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Signalling relay websocket, built-in provider only (at `signallingURL`)
     * @description WebRTC signalling between the peers of a call or a room. The first frame is `{"type":"join","token":<sessionToken>}` (the provider token of `POST /calls/{token}`, a `GET /calls` item, or a room `join`). A call: the server answers `{"type":"joined","role","peerPresent","iceServers"}` and relays `{"type":"signal","data":{description|candidate}}` to the other peer (`peer-joined`, `peer-left` tell presence); the caller offers. A room: `{"type":"room-joined","pid","role","peers", "iceServers"}`, then `{"type":"signal","to":<pid>,"data"}` out and `{"type":"signal","from":<pid>,"data"}` in, with `participant-joined` and `participant-left` (`bye`, `disconnected`, `expired`). `{"type":"bye"}` leaves. Errors: `{"type":"error","reason"}` with `timeout` (close 4408), `invalid-token` (4401), `bad-message` (4400 before joining), `no-peer`, `replaced` (4409), `expired` (4410), `unavailable` (4503). Details: docs/realtime.md.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Switching Protocols: the websocket is open; JSON text frames follow. */
        101: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The Prometheus text format. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/plain': string;
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /**
     * LoopError
     * @description Every error. 401 answers carry `WWW-Authenticate` and `Timestamp`; 503 and 429 carry `Retry-After`.
     */
    LoopError: {
      /** @description The HTTP status, repeated. */
      code: number;
      /**
       * @description The Loop error number (the historical catalogue, spec §2.2):
       *
       *     | errno | name | HTTP | meaning |
       *     |---|---|---|---|
       *     | 105 | INVALID_TOKEN | 404 | Call-link token unknown, revoked, expired or not yours. |
       *     | 106 | BADJSON | 400, 406, 415 | The body is not valid JSON, its content type is not JSON (or form), or the Accept header refuses JSON. |
       *     | 107 | INVALID_PARAMETERS | 400 | A field has an invalid value; the message names it. |
       *     | 108 | MISSING_PARAMETERS | 400 | Required fields are missing; the message names them ("Missing: a, b"). |
       *     | 110 | INVALID_AUTH_TOKEN | 401, 403 | Authentication failed (401, with WWW-Authenticate) or the action is not allowed for this session (403). |
       *     | 111 | EXPIRED | 410 | The resource existed but has expired. |
       *     | 113 | REQUEST_TOO_LARGE | 413 | The request body is larger than the server accepts. |
       *     | 114 | INVALID_OAUTH_STATE | 400 | The OAuth state does not match the one issued. |
       *     | 116 | TOO_MANY_REQUESTS | 429 | Over a rate limit (sessions, calls, sign-in attempts); retry after Retry-After seconds. |
       *     | 117 | LIMIT_REACHED | 403 | The user already holds as many links (or rooms) as the server allows; delete some first. |
       *     | 121 | CLIENT_REACHED_CAPACITY | 400 | The client cannot handle that many participants. |
       *     | 122 | USER_UNAVAILABLE | 400 | No callee could be reached. |
       *     | 201 | BACKEND | 503 | A backend (store, provider, upstream) failed; retry after Retry-After seconds. |
       *     | 202 | ROOM_FULL | 400 | The room is full. |
       *     | 203 | NOT_ROOM_PARTICIPANT | 400 | The session is not a participant of the room. |
       *     | 204 | NO_LONGER_SUPPORTED | 405 | The endpoint is no longer supported. |
       *     | 999 | UNDEFINED | 404, 400, 403, 405, 408, 414, 426, 431, 500 | Anything else: unknown route, forbidden, method not allowed, a request HTTP itself refuses (bad URL, no Host, headers too large, too slow), a websocket path without Upgrade. |
       * @enum {integer}
       */
      errno: 105 | 106 | 107 | 108 | 110 | 111 | 113 | 114 | 116 | 117 | 121 | 122 | 201 | 202 | 203 | 204 | 999;
      /** @description The historical error string clients compare against. */
      error: string;
      /** @description A sentence for people saying what went wrong and what to do. */
      message: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
