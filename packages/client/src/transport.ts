/**
 * Sending one request to Loop: the credential (Hawk from a session, or a room participant's Basic token)
 * added as the last step before the wire, and a Hawk request refused for its timestamp re-signed once with
 * the server's clock. Both the typed operations (client.ts, through openapi-fetch) and the untyped `raw`
 * escape hatch go through here, so there is one signer and one clock per client.
 */
import type { ServerClock } from './clock.ts';
import { LoopError } from './errors.ts';
import { hawkHeader, newNonce } from './hawk.ts';
import { basicAuthorization, type LoopSession } from './session.ts';

/** How a client proves who it is: a Hawk session, a room participant's token, or nothing. */
export type LoopAuth = { hawk: LoopSession } | { basic: string } | null;

export interface SignOptions {
  /** Hash the body into the Hawk header (default true: the server then checks the body was not altered). */
  payloadHash?: boolean;
  /** Sign with this Hawk timestamp (seconds) instead of the clock's, and do not retry on a 401. */
  timestampSec?: number;
}

export interface Outgoing {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  init: Omit<RequestInit, 'method' | 'headers' | 'body'>;
}

export class Transport {
  constructor(
    readonly clock: ServerClock,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** The request with its credential; an `Authorization` the caller set is left alone. */
  async authorize(request: Outgoing, auth: LoopAuth, options: SignOptions = {}): Promise<Headers> {
    const headers = new Headers(request.headers);
    if (auth === null || headers.has('authorization')) return headers;
    if ('basic' in auth) {
      headers.set('authorization', basicAuthorization(auth.basic));
      return headers;
    }
    const hashed = (options.payloadHash ?? true) && request.body !== undefined;
    headers.set(
      'authorization',
      await hawkHeader(auth.hawk.credentials, {
        method: request.method,
        url: request.url,
        nowSec: options.timestampSec ?? this.clock.nowSec(),
        nonce: newNonce(),
        ...(hashed
          ? { payload: { contentType: headers.get('content-type') ?? 'application/json', body: request.body ?? '' } }
          : {}),
      }),
    );
    return headers;
  }

  /**
   * Sends, learning the server's clock; a Hawk 401 that a clock change explains is signed and sent again
   * (unless `retry` is false: the escape hatch sends exactly once).
   */
  async send(request: Outgoing, auth: LoopAuth, options: SignOptions = {}, retry = true): Promise<Response> {
    let response = await this.once(request, auth, options);
    const skewed = this.clock.learn(response.headers);
    if (
      retry &&
      skewed &&
      response.status === 401 &&
      auth !== null &&
      'hawk' in auth &&
      options.timestampSec === undefined
    ) {
      await response.body?.cancel();
      response = await this.once(request, auth, options);
    }
    return response;
  }

  private async once(request: Outgoing, auth: LoopAuth, options: SignOptions): Promise<Response> {
    const headers = await this.authorize(request, auth, options);
    try {
      return await this.fetchImpl(request.url, {
        ...request.init,
        method: request.method,
        headers,
        body: request.body,
      });
    } catch (cause) {
      throw LoopError.network(cause);
    }
  }
}

/** What a `Request` built by openapi-fetch carries, read back so it can be signed and sent again. */
export async function outgoingFrom(request: Request): Promise<Outgoing> {
  const body = request.body === null ? undefined : await request.text();
  const init: Outgoing['init'] = { redirect: request.redirect, signal: request.signal };
  // Only what the caller asked for: Node's fetch refuses some cache modes, and credentials matter only in
  // browsers (the SDK sends none: Loop authenticates by header, never by cookie).
  if (request.keepalive) init.keepalive = true;
  if (request.cache !== 'default') init.cache = request.cache;
  if (request.credentials !== 'same-origin') init.credentials = request.credentials;
  return { method: request.method, url: request.url, headers: new Headers(request.headers), body, init };
}
