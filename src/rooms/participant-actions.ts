/**
 * What a participant does once in a room (spec §7.3): `refresh` (the heartbeat that keeps it there),
 * `leave`, and the reports `status` and `logDomain`, which are only logged. Each needs a credential.
 */
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import { logDomainFields, statusFields } from './action-bodies.ts';
import { findLiveRoom } from './get-room.ts';
import { notifyRoomOwner } from './notify-room-owner.ts';
import { credentialRequired, roomCaller, type RoomCaller, type RoomCredential } from './room-credential.ts';
import { participantDeadline, scheduleExpiry, touchRoom } from './room-lifetime.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config' | 'secrets' | 'log' | 'roomTimers'> &
  Parameters<typeof notifyRoomOwner>[0];
type Body = Readonly<Record<string, unknown>>;

const NOT_IN_ROOM_STATUS = "Can't update status for a room you aren't in.";
const NOT_IN_ROOM_LEAVE = 'Unable to leave a room you have not joined.';

async function callerOf(deps: Deps, roomToken: string, credential: RoomCredential): Promise<RoomCaller> {
  if (credential.kind === 'none') throw credentialRequired();
  await findLiveRoom(deps, roomToken);
  return roomCaller(deps, roomToken, credential);
}

/** The participation lives `LOOP_ROOM_PARTICIPANT_TTL_SECONDS` more; 410 errno 111 once it has ended. */
export async function refreshParticipation(
  deps: Deps,
  roomToken: string,
  credential: RoomCredential,
): Promise<{ expiresSec: number }> {
  const caller = await callerOf(deps, roomToken, credential);
  const deadline = participantDeadline(deps);
  if (!(await deps.store.rooms.refreshParticipant(roomToken, caller.participantHmac, deadline)))
    throw LoopError.participationExpired();
  scheduleExpiry(deps, deadline);
  return { expiresSec: deps.config.roomParticipantTtlSec };
}

export async function leaveRoom(deps: Deps, roomToken: string, credential: RoomCredential): Promise<void> {
  const caller = await callerOf(deps, roomToken, credential);
  // The store removes it for one caller only: a leave racing its own expiry is announced once.
  if (!(await deps.store.rooms.removeParticipant(roomToken, caller.participantHmac)))
    throw LoopError.notRoomParticipant(NOT_IN_ROOM_LEAVE);
  const room = await deps.store.rooms.get(roomToken);
  const touched = room ? await touchRoom(deps, room) : null;
  if (touched) notifyRoomOwner(deps, touched, 'leave');
}

export async function reportStatus(deps: Deps, roomToken: string, credential: RoomCredential, body: Body) {
  const caller = await callerOf(deps, roomToken, credential);
  const status = statusFields(body);
  if (!caller.participation) throw LoopError.notRoomParticipant(NOT_IN_ROOM_STATUS);
  deps.log.info({ room: { roomConnectionId: caller.participation.roomConnectionId, ...status } }, 'room status');
}

export async function logSharedDomains(deps: Deps, roomToken: string, credential: RoomCredential, body: Body) {
  const caller = await callerOf(deps, roomToken, credential);
  const domains = logDomainFields(body);
  if (!caller.participation) throw LoopError.notRoomParticipant(NOT_IN_ROOM_STATUS);
  for (const { domain, count } of domains) deps.log.info({ domain, count }, 'room shared domain');
}
