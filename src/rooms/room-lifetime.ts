/** How long rooms and participations live (spec §7.5), decided by the clock in deps. */
import type { LoopDeps } from '../deps.ts';
import { touchedTimes } from './expire-participant.ts';
import type { RoomRecord } from './room-record.ts';

/** A participation's deadline from now: `LOOP_ROOM_PARTICIPANT_TTL_SECONDS`. */
export function participantDeadline(deps: Pick<LoopDeps, 'clock' | 'config'>): number {
  return deps.clock.now() + Math.round(deps.config.roomParticipantTtlSec * 1000);
}

/** Tells the participant-expiry timers of a new deadline, so it is fired on time by some instance. */
export function scheduleExpiry(deps: Pick<LoopDeps, 'roomTimers'>, deadline: number): void {
  deps.roomTimers.schedule(deadline);
}

/**
 * A join or a leave "touches" the room as an expiry does (`touchedTimes`): `updateTime` is now and the room
 * lives at least the default lifetime from now. The touched room, or null when it is gone.
 */
export async function touchRoom(
  deps: Pick<LoopDeps, 'store' | 'clock' | 'config'>,
  room: RoomRecord,
): Promise<RoomRecord | null> {
  return deps.store.rooms.touch(room.roomToken, ...touchedTimes(deps, room));
}
