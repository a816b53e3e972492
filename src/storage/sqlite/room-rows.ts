/** Rooms and participants as SQLite rows, and back. The context is kept as the client's JSON, opaque. */
import type { RoomContext, RoomParticipant, RoomRecord } from '../../rooms/room-record.ts';

export interface RoomRow {
  room_token: string;
  user: string;
  room_owner: string;
  room_name: string | null;
  context: string | null;
  max_size: number;
  expires_in_hours: number;
  channel: string;
  provider: string;
  api_key: string;
  session_id: string;
  creation_time_sec: number;
  update_time_sec: number;
  expires_at_sec: number;
}

export interface ParticipantRow {
  room_token: string;
  participant_hmac: string;
  room_connection_id: string;
  display_name: string;
  client_max_size: number;
  user: string | null;
  account: string | null;
  joined_at: number;
  expires_at: number;
}

export function roomRow(room: RoomRecord): RoomRow {
  return {
    room_token: room.roomToken,
    user: room.user,
    room_owner: room.roomOwner,
    room_name: room.roomName,
    context: room.context === null ? null : JSON.stringify(room.context),
    max_size: room.maxSize,
    expires_in_hours: room.expiresInHours,
    channel: room.channel,
    provider: room.provider,
    api_key: room.apiKey,
    session_id: room.sessionId,
    creation_time_sec: room.creationTimeSec,
    update_time_sec: room.updateTimeSec,
    expires_at_sec: room.expiresAtSec,
  };
}

export function toRoom(row: RoomRow): RoomRecord {
  return {
    roomToken: row.room_token,
    user: row.user,
    roomOwner: row.room_owner,
    roomName: row.room_name,
    context: row.context === null ? null : (JSON.parse(row.context) as RoomContext),
    maxSize: row.max_size,
    expiresInHours: row.expires_in_hours,
    channel: row.channel,
    provider: row.provider,
    apiKey: row.api_key,
    sessionId: row.session_id,
    creationTimeSec: row.creation_time_sec,
    updateTimeSec: row.update_time_sec,
    expiresAtSec: row.expires_at_sec,
  };
}

export function participantRow(participant: RoomParticipant): ParticipantRow {
  return {
    room_token: participant.roomToken,
    participant_hmac: participant.participantHmac,
    room_connection_id: participant.roomConnectionId,
    display_name: participant.displayName,
    client_max_size: participant.clientMaxSize,
    user: participant.user,
    account: participant.account,
    joined_at: participant.joinedAt,
    expires_at: participant.expiresAt,
  };
}

export function toParticipant(row: ParticipantRow): RoomParticipant {
  return {
    roomToken: row.room_token,
    participantHmac: row.participant_hmac,
    roomConnectionId: row.room_connection_id,
    displayName: row.display_name,
    clientMaxSize: row.client_max_size,
    user: row.user,
    account: row.account,
    joinedAt: row.joined_at,
    expiresAt: row.expires_at,
  };
}
