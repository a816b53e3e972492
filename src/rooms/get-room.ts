/** GET /rooms/{token} (spec §4.9, §7.4): public info for anyone, full info for the owner and participants. */
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { openAccount } from './room-account.ts';
import { roomCaller, type RoomCredential } from './room-credential.ts';
import type { RoomRecord } from './room-record.ts';

type Deps = Pick<LoopDeps, 'store' | 'secrets'>;

export interface ParticipantView {
  roomConnectionId: string;
  displayName: string;
  /** The participant's identity when it joined signed in; null otherwise. */
  account: string | null;
  /** Whether this participation is the room owner's. */
  owner: boolean;
}

/** What owners and participants see: the room and who is in it now. */
export interface FullRoom {
  room: RoomRecord;
  participants: ParticipantView[];
  /** The smallest of the room's maxSize and every participant's clientMaxSize. */
  clientMaxSize: number;
}

export type RoomView = { kind: 'public'; room: RoomRecord } | ({ kind: 'full' } & FullRoom);

/** The live room, or 404 errno 105 (unknown, expired or deleted: the same answer). */
export async function findLiveRoom(deps: Pick<LoopDeps, 'store'>, roomToken: string): Promise<RoomRecord> {
  const room = await deps.store.rooms.get(roomToken);
  if (!room) throw LoopError.invalidToken();
  return room;
}

export async function fullRoom(deps: Deps, room: RoomRecord): Promise<FullRoom> {
  const { participants } = await deps.store.rooms.listParticipants(room.roomToken);
  return {
    room,
    participants: participants.map((p) => ({
      roomConnectionId: p.roomConnectionId,
      displayName: p.displayName,
      account: p.account === null ? null : openAccount(deps, room.roomToken, p.account),
      owner: p.user === room.user,
    })),
    clientMaxSize: participants.reduce((size, p) => Math.min(size, p.clientMaxSize), room.maxSize),
  };
}

export async function getRoom(deps: Deps, roomToken: string, credential: RoomCredential): Promise<RoomView> {
  const room = await findLiveRoom(deps, roomToken);
  if (credential.kind === 'none') return { kind: 'public', room };
  const caller = await roomCaller(deps, roomToken, credential);
  if (caller.participation === null && caller.user !== room.user) throw LoopError.notRoomParticipantNorOwner();
  return { kind: 'full', ...(await fullRoom(deps, room)) };
}
