/**
 * How a Janus room is named and guarded, with nothing stored beyond Loop's own `sessionId`: the session id
 * carries the numeric VideoRoom id, the room's size and which Janus holds it (with several: the instance's
 * name, none for the `default` one, so ids made before there were several still read), and the room secret (which edits and destroys the
 * room) is a keyed hash of the room id under a Loop secret, so any instance can recompute it.
 */
import { DEFAULT_JANUS } from '../../config/janus-instances.ts';
import { keyedHash } from '../../crypto/keyed-hash.ts';
import { randomHex } from '../../crypto/random.ts';

export interface JanusRoomRef {
  /** VideoRoom's numeric id: below 2^53, so JavaScript clients read it exactly. */
  room: number;
  /** Publishers at once (the call's 2, or the room's maxSize). */
  publishers: number;
  /** The Janus instance holding the room (`JANUS_INSTANCES` name, `default` for JANUS_URL's). */
  instance: string;
}

const SESSION_ID = /^janus_([1-9][0-9]{0,15})_([1-9][0-9]{0,3})(?:_([a-z0-9-]{1,32}))?$/;

/** 48 random bits: collisions are negligible, and a room id proves nothing anyway (the `allowed` list guards it). */
export function newRoomId(): number {
  return Number.parseInt(randomHex(6), 16) + 1;
}

export function sessionIdOf(ref: JanusRoomRef): string {
  const base = `janus_${ref.room}_${ref.publishers}`;
  return ref.instance === DEFAULT_JANUS ? base : `${base}_${ref.instance}`;
}

/** The room a session id names; null for anything this provider did not make. */
export function roomOf(sessionId: string): JanusRoomRef | null {
  const match = SESSION_ID.exec(sessionId);
  if (!match) return null;
  const room = Number(match[1]);
  const publishers = Number(match[2]);
  // `janus_1_2_default` is not made (the default instance has no suffix): one id per room.
  if (match[3] === DEFAULT_JANUS) return null;
  return Number.isSafeInteger(room) ? { room, publishers, instance: match[3] ?? DEFAULT_JANUS } : null;
}

/** Never handed to a client: whoever holds it may change the room's `allowed` list or destroy the room. */
export function roomSecret(loopSecretHex: string, room: number): string {
  return keyedHash(loopSecretHex, `janus room secret\n${room}`).slice(0, 32);
}
