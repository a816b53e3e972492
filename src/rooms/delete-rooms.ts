/** DELETE /rooms/{token} and PATCH /rooms `deleteRoomTokens` (spec §4.9, §7.7): the owner's rooms only. */
import { nowSec } from '../clock.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { notifyRoomOwner } from './notify-room-owner.ts';
import { releaseRoomSession } from './release-room-session.ts';
import type { RoomRecord } from './room-record.ts';
import { ownRoom } from './update-room.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config'> &
  Parameters<typeof notifyRoomOwner>[0] &
  Parameters<typeof releaseRoomSession>[0];

/** Deletes the room and, once it is gone from the store, releases its provider session (not awaited). */
async function remove(deps: Deps, roomToken: string): Promise<RoomRecord | null> {
  const markerExpiresAt = deps.clock.now() + deps.config.roomDeletedTtlSec * 1000;
  const deleted = await deps.store.rooms.delete(roomToken, nowSec(deps.clock), markerExpiresAt);
  if (deleted) releaseRoomSession(deps, deleted);
  return deleted;
}

export async function deleteRoom(deps: Deps, user: string, roomToken: string): Promise<void> {
  await ownRoom(deps, user, roomToken);
  const deleted = await remove(deps, roomToken);
  if (!deleted) throw LoopError.invalidToken();
  notifyRoomOwner(deps, deleted, 'deletion');
}

/** Per token: deleted, or not found (unknown, expired or somebody else's: the same answer). */
export type BulkDeletion = Map<string, 'deleted' | 'not-found'>;

/**
 * Deletes each of the owner's rooms among `roomTokens`. The owner is told once (one `deletion`, as in 2016),
 * and only when something was deleted (2016 pushed even then, spec §16.19).
 */
export async function deleteRooms(deps: Deps, user: string, roomTokens: readonly string[]): Promise<BulkDeletion> {
  if (roomTokens.length === 0) throw LoopError.invalidParameters('deleteRoomTokens should not be empty.');
  const outcomes: BulkDeletion = new Map();
  let last: RoomRecord | null = null;
  for (const roomToken of new Set(roomTokens)) {
    const room = await deps.store.rooms.get(roomToken);
    const deleted = room?.user === user ? await remove(deps, roomToken) : null;
    outcomes.set(roomToken, deleted ? 'deleted' : 'not-found');
    last = deleted ?? last;
  }
  if (last) notifyRoomOwner(deps, last, 'deletion');
  return outcomes;
}
