/**
 * Everything Loop asks of an OpenID Connect provider: who holds this access token, where to send a user to
 * sign in, and who signed in given a code. Built once per server (`deps.identity`); null when sign-in is off.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../clock.ts';
import { DiscoveryCache, type ProviderMetadata } from './discovery.ts';
import { identityFromClaims, isMeantFor, scopesOf } from './identity-claims.ts';
import type { PkcePair } from './pkce.ts';
import { requestProviderJson } from './provider-http.ts';
import type { OidcSettings } from './settings.ts';
import { invalidIdentityToken, TokenVerifier } from './token-verifier.ts';

export interface AuthorizationRequest {
  client_id: string;
  redirect_uri: string;
  scope: string;
  state: string;
  code_challenge: string;
  code_challenge_method: 'S256';
  authorization_endpoint: string;
  /** The same URL with every parameter filled in, ready to open. */
  authorization_url: string;
}

export interface CodeExchangeResult {
  identity: string;
  accessToken: string;
  tokenType: string;
  scope: string;
}

export class OidcClient {
  private readonly discovery: DiscoveryCache;
  private readonly verifier: TokenVerifier;

  constructor(
    readonly settings: OidcSettings,
    deps: { clock: Clock; log: Pick<Logger, 'warn'> },
  ) {
    const onProblem = (problem: string, error?: unknown) =>
      deps.log.warn({ err: error, issuer: settings.issuer }, `sign-in: ${problem}`);
    this.discovery = new DiscoveryCache({
      issuer: settings.issuer,
      ttlSec: settings.discoveryTtlSec,
      timeoutMs: settings.timeoutMs,
      clock: deps.clock,
      onProblem,
    });
    this.verifier = new TokenVerifier({
      cooldownMs: settings.jwksCooldownMs,
      timeoutMs: settings.timeoutMs,
      clock: deps.clock,
      onProblem,
    });
  }

  /** Way in 1: a JWT access token, verified locally (signature, iss, exp, audience, scopes). */
  async identityFromAccessToken(accessToken: string): Promise<string> {
    const metadata = await this.discovery.get();
    const claims = await this.verifier.verify(accessToken, { jwksUri: metadata.jwksUri, issuer: metadata.issuer });
    if (!isMeantFor(claims, this.settings.clientId)) throw invalidIdentityToken();
    const scopes = scopesOf(claims);
    if (!this.settings.scopes.every((scope) => scopes.has(scope)))
      throw invalidIdentityToken('The sign-in token lacks a required scope.');
    return this.identityOf(claims, metadata, accessToken);
  }

  /** Way in 2, step 1: where the client sends the user, bound to our state and PKCE challenge. */
  async authorizationRequest(state: string, pkce: PkcePair): Promise<AuthorizationRequest> {
    const metadata = await this.discovery.get();
    const params = {
      client_id: this.settings.clientId,
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes.join(' '),
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
    };
    const url = new URL(metadata.authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return { ...params, authorization_endpoint: metadata.authorizationEndpoint, authorization_url: url.toString() };
  }

  /** Way in 2, step 2: the code and our PKCE verifier traded at the token endpoint; the ID token says who. */
  async exchangeCode(code: string, codeVerifier: string): Promise<CodeExchangeResult> {
    const metadata = await this.discovery.get();
    const { clientId, clientSecret, redirectUri } = this.settings;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const { status, body } = await requestProviderJson(
      metadata.tokenEndpoint,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
        }).toString(),
      },
      this.settings.timeoutMs,
    );
    const accessToken = typeof body.access_token === 'string' ? body.access_token : null;
    if (status !== 200 || !accessToken) throw invalidIdentityToken('The identity provider refused the sign-in code.');
    let identity: string | null = null;
    if (typeof body.id_token === 'string') {
      const claims = await this.verifier.verify(body.id_token, {
        jwksUri: metadata.jwksUri,
        issuer: metadata.issuer,
        audience: clientId,
      });
      identity = await this.identityOf(claims, metadata, accessToken);
    } else {
      identity = await this.identityFromUserinfo(metadata, accessToken, null);
    }
    return {
      identity,
      accessToken,
      tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
      scope: typeof body.scope === 'string' ? body.scope : this.settings.scopes.join(' '),
    };
  }

  /** Claims without a verified e-mail are completed from userinfo when the provider has one. */
  private async identityOf(
    claims: Record<string, unknown>,
    metadata: ProviderMetadata,
    accessToken: string,
  ): Promise<string> {
    const fromToken = identityFromClaims(claims, metadata.issuer);
    if (fromToken && !fromToken.startsWith(`${metadata.issuer}#`)) return fromToken;
    if (metadata.userinfoEndpoint)
      return this.identityFromUserinfo(metadata, accessToken, typeof claims.sub === 'string' ? claims.sub : null);
    if (fromToken) return fromToken;
    throw invalidIdentityToken();
  }

  private async identityFromUserinfo(
    metadata: ProviderMetadata,
    accessToken: string,
    expectedSub: string | null,
  ): Promise<string> {
    if (!metadata.userinfoEndpoint)
      throw invalidIdentityToken('The identity provider gave no ID token and has no userinfo endpoint.');
    const { status, body } = await requestProviderJson(
      metadata.userinfoEndpoint,
      { headers: { authorization: `Bearer ${accessToken}` } },
      this.settings.timeoutMs,
    );
    if (status !== 200) throw invalidIdentityToken();
    // OpenID Connect Core 5.3.2: userinfo about another subject must not be used.
    if (expectedSub !== null && body.sub !== expectedSub) throw invalidIdentityToken();
    const identity = identityFromClaims(body, metadata.issuer);
    if (!identity) throw invalidIdentityToken();
    return identity;
  }
}
