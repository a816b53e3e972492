/**
 * Room participations as stored deadlines (a participant that stopped sending `refresh` is gone after
 * LOOP_ROOM_PARTICIPANT_TTL_SECONDS). Acting on one starts with `expireParticipant`, which removes the
 * participation for exactly one caller: two instances firing the same deadline notify the owner once (the
 * 2016 server, which acted on Redis key expiry events in every instance, could notify twice: spec §16.13).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { RoomStore } from '../storage/store.ts';
import { StoredDeadlines } from '../timers/stored-deadlines.ts';
import type { DueParticipant } from './room-record.ts';

/**
 * The poll interval for a participant TTL: a tenth of it, so a deadline whose instance died fires at most
 * 10% late, between 50 ms (tests run with sub-second TTLs) and 30 s (one cheap read per instance).
 */
export function participantPollIntervalMs(participantTtlSec: number): number {
  return Math.round(Math.min(30_000, Math.max(50, (participantTtlSec * 1000) / 10)));
}

/** Fires due participations; the handler (`expire-participant.ts`) is given with `handleDueWith`. */
export type RoomTimers = StoredDeadlines<DueParticipant>;

export function createRoomTimers(options: {
  rooms: RoomStore;
  clock: Clock;
  log: Logger;
  pollIntervalMs: number;
  storeReady?: () => Promise<void>;
}): RoomTimers {
  const { rooms, ...rest } = options;
  // No `describe`: an anonymous joiner's participant key derives from its credential, so none is logged.
  return new StoredDeadlines<DueParticipant>({
    ...rest,
    source: {
      listDue: (now, limit) => rooms.listDueParticipants(now, limit),
      nextDeadline: () => rooms.nextParticipantDeadline(),
    },
    what: 'participant',
  });
}
