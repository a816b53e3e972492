/** Signing test clients in against the local OpenID Connect provider, both ways the server offers. */
import assert from 'node:assert/strict';
import { OidcProvider } from '../fakes/oidc-provider.ts';
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';

export const TEST_CLIENT = {
  clientId: 'loop-test',
  clientSecret: 'test-client-secret',
  redirectUri: 'https://app.example/signed-in',
  scope: 'openid email profile',
};

export async function startOidcProvider(): Promise<OidcProvider> {
  return new OidcProvider(TEST_CLIENT).start();
}

/** Server settings pointing at `provider`; the key-set cooldown is 0 so a rotation is seen at once. */
export function signInEnv(provider: OidcProvider, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LOOP_OIDC_ISSUER: provider.issuer,
    LOOP_OIDC_CLIENT_ID: TEST_CLIENT.clientId,
    LOOP_OIDC_CLIENT_SECRET: TEST_CLIENT.clientSecret,
    LOOP_OIDC_REDIRECT_URI: TEST_CLIENT.redirectUri,
    LOOP_OIDC_JWKS_COOLDOWN_MS: '0',
    LOOP_OIDC_TIMEOUT_MS: '1000',
    LOOP_SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000',
    ...extra,
  };
}

/** Way in 1: POST /registration with a Bearer access token; the client keeps the new session. */
export async function signInWithBearer(client: LoopClient, accessToken: string, body?: unknown): Promise<LoopResponse> {
  const response = await client.request('POST', '/registration', {
    body,
    hawk: false,
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const token = response.headers.get('hawk-session-token');
  if (token) client.sessionToken = token;
  return response;
}

/**
 * Way in 2: the code flow, as a client app would run it: params (with this client's session when it has
 * one), the provider's authorization URL (the user signs in there), then the code and state back to Loop.
 */
export async function signInWithCodeFlow(
  client: LoopClient,
  email: string,
  options: { state?: string } = {},
): Promise<LoopResponse> {
  const params = await client.request<{ authorization_url: string; state: string }>('POST', '/fxa-oauth/params', {
    hawk: client.sessionToken !== null,
  });
  assert.equal(params.status, 200, params.text);
  const minted = params.headers.get('hawk-session-token');
  if (minted) client.sessionToken = minted;
  const url = new URL(params.body.authorization_url);
  url.searchParams.set('login_hint', email);
  const authorized = await fetch(url, { redirect: 'manual' });
  assert.equal(authorized.status, 302, await authorized.text());
  const back = new URL(authorized.headers.get('location') ?? '');
  assert.equal(back.searchParams.get('state'), params.body.state);
  return client.request('POST', '/fxa-oauth/token', {
    body: { code: back.searchParams.get('code'), state: options.state ?? back.searchParams.get('state') },
  });
}
