/**
 * Sessions (spec §3): `POST /registration` without credentials mints an anonymous session and answers
 * its token in the `Hawk-Session-Token` header; the Hawk id and key are derived from that token (HKDF),
 * and the token itself never travels again. Room participants without a session show their room
 * `sessionToken` with Basic auth instead (spec §3.6).
 */
import { deriveHawkCredentials, type HawkCredentials } from './hawk.ts';

export const SESSION_TOKEN_HEADER = 'hawk-session-token';

export interface LoopSession {
  /** 64 hex characters: the secret the credentials come from. Keep it as you would a password. */
  readonly token: string;
  readonly credentials: HawkCredentials;
}

/** A session from its token (one kept from an earlier registration, or from a response header). */
export async function createSession(token: string): Promise<LoopSession> {
  return { token, credentials: await deriveHawkCredentials(token) };
}

/** The session a response minted (`POST /registration`, a sign-in), or null when it minted none. */
export async function sessionFromResponse(response: { headers: Headers }): Promise<LoopSession | null> {
  const token = response.headers.get(SESSION_TOKEN_HEADER);
  return token ? createSession(token) : null;
}

/** `Authorization: Basic base64(<token>:)`: how a room's anonymous participant shows its sessionToken. */
export const basicAuthorization = (token: string): string => `Basic ${btoa(`${token}:`)}`;
