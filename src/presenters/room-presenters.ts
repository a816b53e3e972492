/** Rooms as the API shows them (spec §7.4): public and full room info, the join answer, bulk results. */
import type { Config } from '../config/schema.ts';
import { roomUrl } from '../http/public-urls.ts';
import type { FullRoom } from '../rooms/get-room.ts';
import type { Joined } from '../rooms/join-room.ts';
import type { BulkDeletion } from '../rooms/delete-rooms.ts';
import type { RoomDeletion, RoomRecord } from '../rooms/room-record.ts';

type UrlConfig = Pick<Config, 'publicUrl' | 'roomUrlTemplate'>;

/** `roomName` only for a legacy room that has one (2016 left the key out otherwise). */
const legacyName = (room: RoomRecord) => (room.roomName !== null ? { roomName: room.roomName } : {});

export function presentCreatedRoom(config: UrlConfig, room: RoomRecord) {
  return { roomToken: room.roomToken, roomUrl: roomUrl(config, room.roomToken), expiresAt: room.expiresAtSec };
}

/** What anyone with the link sees: no participants, no size, no times. */
export function presentPublicRoom(config: UrlConfig, room: RoomRecord) {
  return {
    roomToken: room.roomToken,
    ...legacyName(room),
    context: room.context,
    roomOwner: room.roomOwner,
    roomUrl: roomUrl(config, room.roomToken),
  };
}

/** What the owner and the participants see; the internal keys (user, participantHmac) never leave. */
export function presentFullRoom(config: UrlConfig, { room, participants, clientMaxSize }: FullRoom) {
  return {
    roomToken: room.roomToken,
    roomUrl: roomUrl(config, room.roomToken),
    ...legacyName(room),
    context: room.context,
    roomOwner: room.roomOwner,
    maxSize: room.maxSize,
    clientMaxSize,
    creationTime: room.creationTimeSec,
    expiresAt: room.expiresAtSec,
    ctime: room.updateTimeSec,
    participants: participants.map((p) => ({
      roomConnectionId: p.roomConnectionId,
      displayName: p.displayName,
      ...(p.account !== null ? { account: p.account } : {}),
      owner: p.owner,
    })),
  };
}

export function presentRoomDeletion(deletion: RoomDeletion) {
  return { roomToken: deletion.roomToken, deleted: true as const };
}

/**
 * The join answer: the 2016 client needs `apiKey`, `sessionId`, `sessionToken` as strings and `expires` as a
 * number of seconds. The provider's extras (the built-in relay's URL and ICE servers) come with it.
 */
export function presentJoin(joined: Joined, participantTtlSec: number) {
  return Object.assign({}, joined.credentials.extras, {
    apiKey: joined.room.apiKey,
    sessionId: joined.room.sessionId,
    sessionToken: joined.credentials.token,
    expires: participantTtlSec,
    roomConnectionId: joined.participant.roomConnectionId,
    provider: joined.room.provider,
  });
}

export function presentBulkDeletion(outcomes: BulkDeletion) {
  const responses: Record<string, { code: 200 } | { code: 404; errno: 105; error: string }> = {};
  for (const [roomToken, outcome] of outcomes) {
    responses[roomToken] = outcome === 'deleted' ? { code: 200 } : { code: 404, errno: 105, error: 'Room not found.' };
  }
  return { responses };
}
