/**
 * The server side of the OAuth code flow (spec §4.6, with PKCE): the session holds a state and a PKCE
 * verifier; the client brings back the code and the state; we trade the code and sign the session in.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AuthorizationRequest, OidcClient } from '../auth/oidc/oidc-client.ts';
import { newPkcePair, pkceChallenge } from '../auth/oidc/pkce.ts';
import { randomHex } from '../crypto/random.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import type { AuthenticatedSession } from '../auth/authenticated-session.ts';
import type { OAuthStateRecord } from './oauth-state-record.ts';
import { signInThisSession } from './sign-in.ts';

type Deps = Pick<LoopDeps, 'store' | 'secrets' | 'clock' | 'config'> & { identity: OidcClient };

function freshState(deps: Deps, hawkIdHmac: string, encryptedAccessToken: string | null): OAuthStateRecord {
  return {
    hawkIdHmac,
    state: randomHex(32),
    codeVerifier: newPkcePair().verifier,
    encryptedAccessToken,
    expiresAt: deps.clock.now() + deps.config.sessionDurationSec * 1000,
  };
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session's OAuth state; a session that never asked for parameters is not an OAuth session (401). */
async function oauthStateOf(deps: Deps, session: AuthenticatedSession): Promise<OAuthStateRecord> {
  const record = await deps.store.oauthStates.get(session.record.hawkIdHmac);
  if (!record)
    throw LoopError.unauthorized(
      'This session has not started a sign-in (POST /fxa-oauth/params first).',
      'Hawk error="Unknown credentials"',
    );
  return record;
}

/** POST /fxa-oauth/params: the state is created once per session and kept until a token request rotates it. */
export async function oauthParams(deps: Deps, session: AuthenticatedSession): Promise<AuthorizationRequest> {
  let record = await deps.store.oauthStates.get(session.record.hawkIdHmac);
  if (!record) {
    record = freshState(deps, session.record.hawkIdHmac, null);
    await deps.store.oauthStates.put(record);
  }
  return deps.identity.authorizationRequest(record.state, {
    verifier: record.codeVerifier,
    challenge: pkceChallenge(record.codeVerifier),
    method: 'S256',
  });
}

export interface TokenAnswer {
  token_type: string;
  access_token: string;
  scope: string;
}

/** POST /fxa-oauth/token: the state is rotated whatever happens next, so a state is good for one try. */
export async function exchangeOAuthCode(
  deps: Deps,
  session: AuthenticatedSession,
  input: { code: string; state: string },
): Promise<TokenAnswer> {
  const issued = await oauthStateOf(deps, session);
  await deps.store.oauthStates.put(freshState(deps, issued.hawkIdHmac, issued.encryptedAccessToken));
  if (!sameText(issued.state, input.state)) throw LoopError.invalidOAuthState();
  const result = await deps.identity.exchangeCode(input.code, issued.codeVerifier);
  const signedIn = await signInThisSession(deps, session, result.identity);
  const rotated = await deps.store.oauthStates.get(issued.hawkIdHmac);
  if (rotated)
    await deps.store.oauthStates.put({
      ...rotated,
      encryptedAccessToken: signedIn.box.seal(result.accessToken, 'oauth-access-token'),
    });
  return { token_type: result.tokenType, access_token: result.accessToken, scope: result.scope };
}

/** GET /fxa-oauth/token: the access token obtained last, if any. */
export async function currentOAuthToken(deps: Deps, session: AuthenticatedSession): Promise<{ access_token?: string }> {
  const record = await oauthStateOf(deps, session);
  if (record.encryptedAccessToken === null) return {};
  return { access_token: session.box.open(record.encryptedAccessToken, 'oauth-access-token') };
}
