/**
 * PATCH /rooms/{token} (spec §4.9), owner only. Fields not sent are kept, the lifetime included (the 2016
 * server reset an omitted `expiresIn` to the default, spec §16.8); a new `expiresIn` counts from now.
 */
import { nowSec } from '../clock.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { findLiveRoom } from './get-room.ts';
import { notifyRoomOwner } from './notify-room-owner.ts';
import type { RoomParams } from './room-params.ts';
import type { RoomRecord } from './room-record.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock'> & Parameters<typeof notifyRoomOwner>[0];

/** The room of `user`, or 404 errno 105 (unknown) / 403 errno 999 (somebody else's). */
export async function ownRoom(deps: Pick<LoopDeps, 'store'>, user: string, roomToken: string): Promise<RoomRecord> {
  const room = await findLiveRoom(deps, roomToken);
  if (room.user !== user) throw LoopError.notRoomOwner();
  return room;
}

export async function updateRoom(deps: Deps, user: string, roomToken: string, params: RoomParams): Promise<RoomRecord> {
  const current = await ownRoom(deps, user, roomToken);
  const now = nowSec(deps.clock);
  const expiresInHours = params.expiresInHours ?? current.expiresInHours;
  const updated: RoomRecord = {
    ...current,
    roomOwner: params.roomOwner ?? current.roomOwner,
    maxSize: params.maxSize ?? current.maxSize,
    // A new context replaces the legacy clear name; a legacy client renaming keeps the context it cannot read.
    context: params.context ?? current.context,
    roomName: params.context ? null : (params.roomName ?? current.roomName),
    expiresInHours,
    updateTimeSec: now,
    expiresAtSec: params.expiresInHours !== undefined ? now + expiresInHours * 3600 : current.expiresAtSec,
  };
  if (!(await deps.store.rooms.update(updated))) throw LoopError.invalidToken();
  notifyRoomOwner(deps, updated, 'modification');
  return updated;
}
