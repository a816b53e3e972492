/**
 * An OpenID Connect provider for tests, over real HTTP on 127.0.0.1: discovery, a JWKS whose signing key
 * can be rotated (RS256 and ES256 keys in turn), an authorization endpoint that signs a test user in
 * without any UI (`login_hint` names the user), a token endpoint that checks the client secret, the code,
 * the redirect URI and the PKCE verifier, and userinfo. Tests can also mint tokens directly, well-formed
 * or broken in one chosen way.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestUser {
  sub: string;
  email: string;
  emailVerified: boolean;
}

interface IssuedCode {
  user: TestUser;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  used: boolean;
}

export interface TokenOptions {
  audience?: string;
  clientIdClaim?: string | null;
  issuer?: string;
  expiresInSec?: number;
  scope?: string;
  /** Sign with a key the JWKS does not publish (a forged signature). */
  forged?: boolean;
  /** Leave the e-mail out of the token (the server must ask userinfo). */
  withoutEmail?: boolean;
}

async function newKey(alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomBytes(8).toString('hex');
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export class OidcProvider {
  issuer = '';
  readonly users = new Map<string, TestUser>();
  readonly codes = new Map<string, IssuedCode>();
  readonly requests: string[] = [];
  jwksFetches = 0;
  /** Status for the discovery document; 200 unless a test breaks it. */
  discoveryStatus = 200;
  private keys: SigningKey[] = [];
  private forgeryKey: SigningKey | null = null;
  private readonly server = http.createServer((request, response) => void this.handle(request, response));

  constructor(readonly client: { clientId: string; clientSecret: string; redirectUri: string; scope: string }) {}

  async start(): Promise<this> {
    this.keys = [await newKey('RS256')];
    this.forgeryKey = await newKey('RS256');
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addUser(email: string, emailVerified = true): TestUser {
    const user = { sub: `sub-${randomBytes(6).toString('hex')}`, email, emailVerified };
    this.users.set(email, user);
    return user;
  }

  /** A new signing key (the other algorithm); the old one is withdrawn from the JWKS. */
  async rotateKey(): Promise<void> {
    const current = this.keys[0];
    this.keys = [await newKey(current?.alg === 'RS256' ? 'ES256' : 'RS256')];
  }

  get currentKid(): string {
    return this.keys[0]?.kid ?? '';
  }

  /** A JWT access token (RFC 9068 shape) for `user`. */
  async accessToken(user: TestUser, options: TokenOptions = {}): Promise<string> {
    const claims: JWTPayload = {
      scope: options.scope ?? this.client.scope,
      ...(options.clientIdClaim === null ? {} : { client_id: options.clientIdClaim ?? this.client.clientId }),
      ...(options.withoutEmail ? {} : { email: user.email, email_verified: user.emailVerified }),
    };
    return this.sign(claims, user, options.audience ?? this.client.clientId, 'at+jwt', options);
  }

  async idToken(user: TestUser, options: TokenOptions = {}): Promise<string> {
    return this.sign(
      { email: user.email, email_verified: user.emailVerified },
      user,
      options.audience ?? this.client.clientId,
      'JWT',
      options,
    );
  }

  private async sign(
    claims: JWTPayload,
    user: TestUser,
    audience: string,
    typ: string,
    options: TokenOptions,
  ): Promise<string> {
    const key = options.forged ? this.forgeryKey : this.keys[0];
    if (!key) throw new Error('provider not started');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ })
      .setIssuer(options.issuer ?? this.issuer)
      .setSubject(user.sub)
      .setAudience(audience)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + (options.expiresInSec ?? 300))
      .sign(key.privateKey);
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.issuer);
    this.requests.push(`${request.method} ${url.pathname}`);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => resolve(text));
    });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /.well-known/openid-configuration':
        return json(this.discoveryStatus, {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/authorize`,
          token_endpoint: `${this.issuer}/token`,
          jwks_uri: `${this.issuer}/jwks`,
          userinfo_endpoint: `${this.issuer}/userinfo`,
          code_challenge_methods_supported: ['S256'],
        });
      case 'GET /jwks':
        this.jwksFetches += 1;
        return json(200, { keys: this.keys.map((key) => key.publicJwk) });
      case 'GET /authorize':
        return this.authorize(url, response, json);
      case 'POST /token':
        return json(...(await this.token(request, new URLSearchParams(body))));
      case 'GET /userinfo':
        return json(...(await this.userinfo(request)));
      default:
        return json(404, { error: 'not_found' });
    }
  }

  private authorize(url: URL, response: http.ServerResponse, json: (status: number, value: unknown) => void): void {
    const q = url.searchParams;
    const user = this.users.get(q.get('login_hint') ?? '');
    if (
      q.get('response_type') !== 'code' ||
      q.get('client_id') !== this.client.clientId ||
      q.get('redirect_uri') !== this.client.redirectUri
    ) {
      return json(400, { error: 'invalid_request' });
    }
    if (!user || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      return json(400, { error: 'access_denied' });
    const code = randomBytes(16).toString('base64url');
    this.codes.set(code, {
      user,
      redirectUri: this.client.redirectUri,
      codeChallenge: q.get('code_challenge') ?? '',
      scope: q.get('scope') ?? '',
      used: false,
    });
    const back = new URL(this.client.redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    response.writeHead(302, { location: back.toString() });
    response.end();
  }

  private clientAuthenticated(request: http.IncomingMessage, form: URLSearchParams): boolean {
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (basic) {
      const [id, secret] = Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent);
      return id === this.client.clientId && secret === this.client.clientSecret;
    }
    return form.get('client_id') === this.client.clientId && form.get('client_secret') === this.client.clientSecret;
  }

  private async token(request: http.IncomingMessage, form: URLSearchParams): Promise<[number, unknown]> {
    if (!this.clientAuthenticated(request, form)) return [401, { error: 'invalid_client' }];
    const issued = this.codes.get(form.get('code') ?? '');
    if (form.get('grant_type') !== 'authorization_code' || !issued || issued.used)
      return [400, { error: 'invalid_grant' }];
    issued.used = true;
    if (form.get('redirect_uri') !== issued.redirectUri)
      return [400, { error: 'invalid_grant', error_description: 'redirect_uri' }];
    const challenge = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    if (challenge !== issued.codeChallenge) return [400, { error: 'invalid_grant', error_description: 'PKCE' }];
    return [
      200,
      {
        token_type: 'Bearer',
        access_token: await this.accessToken(issued.user, { scope: issued.scope }),
        id_token: await this.idToken(issued.user),
        scope: issued.scope,
        expires_in: 300,
      },
    ];
  }

  private async userinfo(request: http.IncomingMessage): Promise<[number, unknown]> {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const publicKeys = await Promise.all(this.keys.map(async (key) => ({ key, imported: key.publicJwk })));
    for (const { imported } of publicKeys) {
      try {
        const { payload } = await jwtVerify(token, imported, { issuer: this.issuer });
        const user = [...this.users.values()].find((u) => u.sub === payload.sub);
        if (user) return [200, { sub: user.sub, email: user.email, email_verified: user.emailVerified }];
      } catch {
        // try the next key
      }
    }
    return [401, { error: 'invalid_token' }];
  }
}
