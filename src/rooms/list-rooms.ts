/** GET /rooms[?version=N] (spec §4.9): the owner's rooms, and with a version the deletions since. */
import type { LoopDeps } from '../deps.ts';
import { fullRoom, type FullRoom } from './get-room.ts';
import type { RoomDeletion } from './room-record.ts';

type Deps = Pick<LoopDeps, 'store' | 'secrets'>;

export interface RoomListing {
  rooms: FullRoom[];
  /** Reported only when a version was asked for. */
  deletions: RoomDeletion[];
}

/** Rooms by updateTime (oldest first); with `sinceSec`, only those changed at or after it, then deletions. */
export async function listRooms(deps: Deps, user: string, sinceSec: number | undefined): Promise<RoomListing> {
  const [rooms, deletions] = await Promise.all([
    deps.store.rooms.listForUser(user),
    sinceSec === undefined ? [] : deps.store.rooms.listDeletedForUser(user, sinceSec),
  ]);
  const changed = sinceSec === undefined ? rooms : rooms.filter((room) => room.updateTimeSec >= sinceSec);
  return { rooms: await Promise.all(changed.map((room) => fullRoom(deps, room))), deletions };
}
