/**
 * Valid rooms and participations with a distinct value in every field, so a store that mixes two columns up
 * fails. A room lives for an hour from the given clock, a participation for five minutes; pass overrides for
 * anything a test is about.
 */
import { nowSec, type Clock } from '../../src/clock.ts';
import type { RoomParticipant, RoomRecord } from '../../src/rooms/room-record.ts';
import { ManualClock } from './manual-clock.ts';

const ONE_HOUR_SEC = 60 * 60;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

let sequence = 0;
/** Unique within the test process, so records made by different tests never collide. */
function nextSequence(): number {
  sequence += 1;
  return sequence;
}

export function aRoom(overrides: Partial<RoomRecord> = {}, clock: Clock = new ManualClock()): RoomRecord {
  const n = nextSequence();
  const now = nowSec(clock);
  return {
    // 11 characters, like a real token.
    roomToken: `room${String(n).padStart(7, '0')}`,
    user: `owner-${n}`,
    roomOwner: `Owner ${n}`,
    roomName: null,
    context: { value: `ciphertext-${n}`, alg: 'AES-GCM', wrappedKey: `wrapped-key-${n}` },
    maxSize: 5,
    expiresInHours: 1,
    channel: `channel-${n}`,
    provider: `provider-${n}`,
    apiKey: `api-key-${n}`,
    sessionId: `session-${n}`,
    creationTimeSec: now - 2,
    updateTimeSec: now - 1,
    expiresAtSec: now + ONE_HOUR_SEC,
    ...overrides,
  };
}

export function aParticipant(
  roomToken: string,
  overrides: Partial<RoomParticipant> = {},
  clock: Clock = new ManualClock(),
): RoomParticipant {
  const n = nextSequence();
  const now = clock.now();
  return {
    roomToken,
    participantHmac: `participant-hmac-${n}`,
    roomConnectionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    displayName: `Guest ${n}`,
    clientMaxSize: 4,
    user: `joiner-${n}`,
    account: null,
    joinedAt: now,
    expiresAt: now + FIVE_MINUTES_MS,
    ...overrides,
  };
}
