/**
 * What a passed participant deadline does (spec §7.9): the participation ends, and if the room still exists
 * its signalling peers (built-in provider) are told who is gone, the room is touched (§7.5: `updateTime` =
 * now, the lifetime extended) and its owner told (`expiry`). The store removes the participation for exactly
 * one caller, so with several instances, or a deadline fired just as the participant refreshed or left, the
 * owner hears of it once or not at all (an instance dying between the removal and the push loses that push:
 * the owner's next `GET /rooms` still shows the participant gone).
 */
import { announceRoomParticipantGone } from '../bus/signalling-bus.ts';
import type { LoopDeps } from '../deps.ts';
import { notifyRoomOwner } from './notify-room-owner.ts';
import type { DueParticipant } from './room-record.ts';
import { touchRoom } from './room-lifetime.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config' | 'push' | 'eventBus' | 'log'>;

/** `now`: the time the deadline was found due; a participation refreshed since then is kept. */
export async function expireDueParticipant(deps: Deps, due: DueParticipant, now: number): Promise<void> {
  const { rooms } = deps.store;
  if (!(await rooms.expireParticipant(due.roomToken, due.participantHmac, now))) return;
  const room = await rooms.get(due.roomToken);
  // A room deleted or expired meanwhile: its owner was told (deletion) or has nothing left to hear about.
  if (!room) return;
  if (room.provider === 'builtin') {
    // The relay's peers drop the participant (and its socket, if still open, is closed); not awaited.
    announceRoomParticipantGone(deps.eventBus, room.sessionId, due.roomConnectionId).catch((error: unknown) =>
      deps.log.warn({ err: error }, 'cannot announce a participant expiry to its room peers'),
    );
  }
  const touched = await touchRoom(deps, room);
  if (!touched) return;
  deps.log.info({ room: { event: 'expiry' } }, 'room participant expired');
  notifyRoomOwner(deps, touched, 'expiry');
}
