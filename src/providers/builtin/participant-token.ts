import { openClaims, signClaims } from '../../crypto/signed-claims.ts';
import type { ParticipantRole, RoomParticipantGrant } from '../provider.ts';

/** What a built-in call token proves: which side of which two-party session may join, until when. */
export interface CallParticipantClaims {
  /** Session id. */
  sid: string;
  role: ParticipantRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/**
 * What a built-in room token proves: one participation (`pid`, the `roomConnectionId`) in a room's
 * session, under the name the others see, until when. The relay announces `pid` and `name` to the peers.
 */
export interface RoomParticipantClaims {
  sid: string;
  role: RoomParticipantGrant['role'];
  /** The participation's `roomConnectionId`: the peer's address in the room's signalling. */
  pid: string;
  /** The participant's `displayName`. */
  name: string;
  exp: number;
}

export type ParticipantClaims = CallParticipantClaims | RoomParticipantClaims;

export const isRoomClaims = (claims: ParticipantClaims): claims is RoomParticipantClaims =>
  claims.role === 'moderator' || claims.role === 'publisher';

/** Signed claims (crypto/signed-claims.ts): compact, and verifiable by any instance sharing the secret. */
export function signParticipantToken(secretHex: string, claims: ParticipantClaims): string {
  return signClaims(secretHex, claims);
}

/** The claims of a genuine, unexpired token (call or room); null for anything else. */
export function verifyParticipantToken(secretHex: string, token: string, nowSec: number): ParticipantClaims | null {
  const claims = openClaims(secretHex, token);
  if (!claims || typeof claims.sid !== 'string' || typeof claims.exp !== 'number' || claims.exp <= nowSec) return null;
  const { sid, exp, role } = claims;
  if (role === 'caller' || role === 'callee') return { sid, role, exp };
  if (
    (role === 'moderator' || role === 'publisher') &&
    typeof claims.pid === 'string' &&
    claims.pid !== '' &&
    typeof claims.name === 'string'
  )
    return { sid, role, pid: claims.pid, name: claims.name, exp };
  return null;
}
