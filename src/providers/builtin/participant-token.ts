import { openClaims, signClaims } from '../../crypto/signed-claims.ts';
import type { ParticipantRole } from '../provider.ts';

/** What a built-in participant token proves: who may join which session, until when. */
export interface ParticipantClaims {
  /** Session id. */
  sid: string;
  role: ParticipantRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Signed claims (crypto/signed-claims.ts): compact, and verifiable by any instance sharing the secret. */
export function signParticipantToken(secretHex: string, claims: ParticipantClaims): string {
  return signClaims(secretHex, claims);
}

/** The claims of a genuine, unexpired token; null for anything else. */
export function verifyParticipantToken(secretHex: string, token: string, nowSec: number): ParticipantClaims | null {
  const claims = openClaims(secretHex, token);
  if (
    !claims ||
    typeof claims.sid !== 'string' ||
    typeof claims.exp !== 'number' ||
    (claims.role !== 'caller' && claims.role !== 'callee')
  )
    return null;
  return claims.exp > nowSec ? { sid: claims.sid, role: claims.role, exp: claims.exp } : null;
}
