/**
 * How a room and a participation are stored in Redis: positional JSON (no field names in every record), with
 * the values scripts must read or change kept outside it: a room's owner and expiry in the record header (see
 * records.ts) and its update time before the JSON; a participation's deadline before its JSON.
 */
import type { RoomContext, RoomParticipant, RoomRecord } from '../../rooms/room-record.ts';
import type { StoredRecord } from './records.ts';

/** The order here is the storage format. */
type RoomData = [
  roomOwner: string,
  roomName: string | null,
  context: [value: string, alg: string, wrappedKey: string] | null,
  maxSize: number,
  expiresInHours: number,
  channel: string,
  provider: string,
  apiKey: string,
  sessionId: string,
  creationTimeSec: number,
];

type ParticipantData = [
  roomConnectionId: string,
  displayName: string,
  clientMaxSize: number,
  user: string | null,
  account: string | null,
  joinedAt: number,
];

export function encodeRoom(room: RoomRecord): StoredRecord {
  const { context } = room;
  const data: RoomData = [
    room.roomOwner,
    room.roomName,
    context ? [context.value, context.alg, context.wrappedKey] : null,
    room.maxSize,
    room.expiresInHours,
    room.channel,
    room.provider,
    room.apiKey,
    room.sessionId,
    room.creationTimeSec,
  ];
  return {
    owner: room.user,
    expiresAt: room.expiresAtSec * 1000,
    data: `${room.updateTimeSec}\n${JSON.stringify(data)}`,
  };
}

export function decodeRoom(roomToken: string, stored: StoredRecord): RoomRecord {
  const newline = stored.data.indexOf('\n');
  const [roomOwner, roomName, context, maxSize, expiresInHours, channel, provider, apiKey, sessionId, creationTimeSec] =
    JSON.parse(stored.data.slice(newline + 1)) as RoomData;
  const roomContext: RoomContext | null = context && { value: context[0], alg: context[1], wrappedKey: context[2] };
  return {
    roomToken,
    user: stored.owner,
    roomOwner,
    roomName,
    context: roomContext,
    maxSize,
    expiresInHours,
    channel,
    provider,
    apiKey,
    sessionId,
    creationTimeSec,
    updateTimeSec: Number(stored.data.slice(0, newline)),
    expiresAtSec: Math.floor(stored.expiresAt / 1000),
  };
}

/** The participant hash's value: "<expiresAt ms>\n<JSON>". */
export function encodeParticipant(participant: RoomParticipant): string {
  const data: ParticipantData = [
    participant.roomConnectionId,
    participant.displayName,
    participant.clientMaxSize,
    participant.user,
    participant.account,
    participant.joinedAt,
  ];
  return `${participant.expiresAt}\n${JSON.stringify(data)}`;
}

/** The deadline of a stored participation, without decoding the rest. */
export function participantDeadline(value: string): number {
  return Number(value.slice(0, value.indexOf('\n')));
}

export function decodeParticipant(roomToken: string, participantHmac: string, value: string): RoomParticipant {
  const newline = value.indexOf('\n');
  const [roomConnectionId, displayName, clientMaxSize, user, account, joinedAt] = JSON.parse(
    value.slice(newline + 1),
  ) as ParticipantData;
  return {
    roomToken,
    participantHmac,
    roomConnectionId,
    displayName,
    clientMaxSize,
    user,
    account,
    joinedAt,
    expiresAt: Number(value.slice(0, newline)),
  };
}
