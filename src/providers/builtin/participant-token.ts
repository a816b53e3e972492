import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { ParticipantRole } from '../provider.ts';

/** What a built-in participant token proves: who may join which session, until when. */
export interface ParticipantClaims {
  /** Session id. */
  sid: string;
  role: ParticipantRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** The secret imported once (two tokens are signed per call); a server has one or two secrets. */
const keys = new Map<string, KeyObject>();

function sign(secretHex: string, payload: string): string {
  let key = keys.get(secretHex);
  if (key === undefined) keys.set(secretHex, (key = createSecretKey(Buffer.from(secretHex, 'hex'))));
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** `<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`: compact, and verifiable by any instance sharing the secret. */
export function signParticipantToken(secretHex: string, claims: ParticipantClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secretHex, payload)}`;
}

/** The claims of a genuine, unexpired token; null for anything else. */
export function verifyParticipantToken(secretHex: string, token: string, nowSec: number): ParticipantClaims | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secretHex, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<ParticipantClaims>;
    if (typeof claims.sid !== 'string' || typeof claims.exp !== 'number' || (claims.role !== 'caller' && claims.role !== 'callee')) return null;
    return claims.exp > nowSec ? { sid: claims.sid, role: claims.role, exp: claims.exp } : null;
  } catch {
    return null;
  }
}
