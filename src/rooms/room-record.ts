/**
 * A room (spec §7) and the people in it, as Loop keeps them: the types the room use cases, the stores and
 * the presenters share. Times follow the store's convention: milliseconds unless the name ends in `Sec`.
 */

/** The client-encrypted room context (spec §7.8): stored and returned as given, never decrypted. */
export interface RoomContext {
  value: string;
  alg: string;
  wrappedKey: string;
}

export interface RoomRecord {
  /** 11-character base64url token, made like a call token; the primary key. */
  roomToken: string;
  /** Owner key of the creator: the keyed userMac, or the session's hawkIdHmac when anonymous. */
  user: string;
  /** The owner's display name as the creator gave it (`roomOwner`). */
  roomOwner: string;
  /** The deprecated clear name, only when a legacy client sent `roomName`; null otherwise. */
  roomName: string | null;
  /** The encrypted context, or null when the room was made with a legacy `roomName`. */
  context: RoomContext | null;
  maxSize: number;
  /** The lifetime asked for at creation or last PATCH, in hours. */
  expiresInHours: number;
  /** The provider credential channel the room's session was made on. */
  channel: string;
  /** The provider that made the session, and the public identifiers clients need. */
  provider: string;
  apiKey: string;
  sessionId: string;
  creationTimeSec: number;
  /** Moved by every change and every join, leave or participant expiry: the `ctime` and push `version`. */
  updateTimeSec: number;
  /** The room disappears at this time. */
  expiresAtSec: number;
}

export interface RoomParticipant {
  roomToken: string;
  /**
   * The participant's key within the room: a keyed hash of the joining Hawk session, or, for an
   * anonymous joiner, of the provider token it was given (which doubles as its Basic credential).
   */
  participantHmac: string;
  /** Public id of this presence (`roomConnectionId`), a UUID. */
  roomConnectionId: string;
  displayName: string;
  clientMaxSize: number;
  /** Owner key of the joiner when it joined with a Hawk session (anonymous sessions included); else null. */
  user: string | null;
  /** The joiner's identity when it was signed in, sealed for the room; null otherwise. */
  account: string | null;
  /** Creation time of this participation (ms). */
  joinedAt: number;
  /** The participation ends here unless refreshed (ms): `LOOP_ROOM_PARTICIPANT_TTL_SECONDS` after the last refresh. */
  expiresAt: number;
}

/** What `GET /rooms?version=N` reports for a room deleted since N. */
export interface RoomDeletion {
  roomToken: string;
  deletedAtSec: number;
}

/** A participation whose deadline passed, as the expiry sweeper finds it. */
export interface DueParticipant {
  roomToken: string;
  participantHmac: string;
  /** Its public id: the one who expires tells the room's signalling peers who is gone. */
  roomConnectionId: string;
}
