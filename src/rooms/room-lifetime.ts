/** How long rooms and participations live (spec §7.5), decided by the clock in deps. */
import type { LoopDeps } from '../deps.ts';
import { nowSec } from '../clock.ts';
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
 * A touch (§7.5): `updateTime` now, and the room lives at least LOOP_ROOM_DEFAULT_TTL_HOURS from now. A
 * room made to last longer keeps its own end: a touch never shortens a room.
 */
function touchedTimes(deps: Pick<LoopDeps, 'clock' | 'config'>, room: RoomRecord): [number, number] {
  const now = nowSec(deps.clock);
  return [now, Math.max(room.expiresAtSec, now + deps.config.roomDefaultTtlHours * 3600)];
}

/**
 * A join, a leave or a participant expiry "touches" the room (`touchedTimes`). The touched room, or null
 * when it is gone.
 */
export async function touchRoom(
  deps: Pick<LoopDeps, 'store' | 'clock' | 'config'>,
  room: RoomRecord,
): Promise<RoomRecord | null> {
  return deps.store.rooms.touch(room.roomToken, ...touchedTimes(deps, room));
}
