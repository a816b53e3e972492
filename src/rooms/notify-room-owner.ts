/**
 * Tells a room's owner that the room changed (spec §7.6): every device of the owner is woken (SimplePush
 * `PUT version=` to each `rooms` URL, a "room-changed" Web Push to each subscription of the `rooms` topic)
 * and the owner's open apps hear it on the events websocket. The caller does not wait: the pushes are
 * tracked by the fan-out (logged, counted, gone endpoints removed, drained on shutdown), and a bus failure
 * is logged. A notification never fails the request that caused it.
 */
import { USER_EVENTS } from '../bus/user-events-bus.ts';
import { nowSec } from '../clock.ts';
import type { LoopDeps } from '../deps.ts';
import type { RoomRecord } from './room-record.ts';
import type { RoomChange, RoomEvent } from './room-event.ts';

export type { RoomEvent } from './room-event.ts';

type Deps = Pick<LoopDeps, 'push' | 'eventBus' | 'clock' | 'log'>;

/**
 * The version pushed: the room's `updateTimeSec`, moved by the change itself (creation, join, leave,
 * expiry); now for a modification or a deletion, as the 2016 server sent (§8). Never older than the room's
 * own `ctime`, so `GET /rooms?version=` with it still lists the room.
 */
export function roomChangeVersion(clock: Deps['clock'], room: RoomRecord, event: RoomEvent): number {
  if (event === 'modification' || event === 'deletion') return Math.max(nowSec(clock), room.updateTimeSec);
  return room.updateTimeSec;
}

export function notifyRoomOwner(deps: Deps, room: RoomRecord, event: RoomEvent): void {
  const change: RoomChange = { roomToken: room.roomToken, event, version: roomChangeVersion(deps.clock, room, event) };
  deps.push.roomChanged(room.user, change);
  deps.eventBus
    .publish(USER_EVENTS, room.user, { kind: 'room-changed', ...change })
    .catch((error: unknown) => deps.log.warn({ err: error, event }, 'cannot announce a room change to open apps'));
}
