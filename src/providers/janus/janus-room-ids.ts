/**
 * How a Janus room is named and guarded, with nothing stored beyond Loop's own `sessionId`: the session id
 * carries the numeric VideoRoom id and the room's size, and the room secret (which edits and destroys the
 * room) is a keyed hash of the room id under a Loop secret, so any instance can recompute it.
 */
import { keyedHash } from '../../crypto/keyed-hash.ts';
import { randomHex } from '../../crypto/random.ts';

export interface JanusRoomRef {
  /** VideoRoom's numeric id: below 2^53, so JavaScript clients read it exactly. */
  room: number;
  /** Publishers at once (the call's 2, or the room's maxSize). */
  publishers: number;
}

const SESSION_ID = /^janus_([1-9][0-9]{0,15})_([1-9][0-9]{0,3})$/;

/** 48 random bits: collisions are negligible, and a room id proves nothing anyway (the `allowed` list guards it). */
export function newRoomId(): number {
  return Number.parseInt(randomHex(6), 16) + 1;
}

export function sessionIdOf(ref: JanusRoomRef): string {
  return `janus_${ref.room}_${ref.publishers}`;
}

/** The room a session id names; null for anything this provider did not make. */
export function roomOf(sessionId: string): JanusRoomRef | null {
  const match = SESSION_ID.exec(sessionId);
  if (!match) return null;
  const room = Number(match[1]);
  const publishers = Number(match[2]);
  return Number.isSafeInteger(room) ? { room, publishers } : null;
}

/** Never handed to a client: whoever holds it may change the room's `allowed` list or destroy the room. */
export function roomSecret(loopSecretHex: string, room: number): string {
  return keyedHash(loopSecretHex, `janus room secret\n${room}`).slice(0, 32);
}
