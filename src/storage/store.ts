/**
 * The one storage interface, one sub-interface per resource; the records they hold are the domain's types,
 * defined beside their use cases. Every backend (SQLite today, Redis later) implements it and passes the
 * contract suite in `test/contract/store.contract.ts` unchanged.
 *
 * Conventions shared by every resource:
 * - Times are integer milliseconds since the epoch unless a field name ends in `Sec` (the Loop API speaks
 *   seconds for `version`, `timestamp` and `expires`, and those fields keep the API's unit).
 * - Expiry is decided against the store's injected clock on every read: an expired record reads as absent
 *   even before a sweep has removed it, so tests move the clock instead of sleeping.
 * - `user` is the owner key: the keyed hash of a registered identity, or the session's own hawkIdHmac for
 *   anonymous sessions. Clear identities and clear Hawk ids never reach the store.
 */

import type { CallUrlRecord } from '../call-urls/call-url-record.ts';
import type { CallProgress, CallRecord } from '../calls/call-record.ts';
import type { SessionRecord } from '../auth/session-record.ts';
import type { OAuthStateRecord } from '../identity/oauth-state-record.ts';
import type { PushTargets, PushTopic, WebPushSubscription } from '../push/push-targets.ts';
import type { DueParticipant, RoomDeletion, RoomParticipant, RoomRecord } from '../rooms/room-record.ts';

/** What the Hawk read of a request learns in one store operation. */
export interface SessionWithNonce {
  session: SessionRecord;
  /** False when the nonce was already remembered for this session and still live: a replay. */
  fresh: boolean;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  /** Null when unknown or expired. */
  get(hawkIdHmac: string): Promise<SessionRecord | null>;
  /**
   * The Hawk read of a request in one step (one round trip on Redis): the live session, and, only when there is
   * one, the request's nonce remembered for it until `expiresAt`. Null when the session is unknown or expired,
   * and then nothing is written: a stranger's request leaves no trace. The caller verifies the MAC afterwards
   * and `forgetNonce`s a fresh nonce whose request fails, so that it leaves no usable trace either. Atomic
   * across every process that may serve the session: of concurrent requests with one nonce, one is fresh.
   */
  getAndRememberNonce(hawkIdHmac: string, nonce: string, expiresAt: number): Promise<SessionWithNonce | null>;
  /** Drops a nonce `getAndRememberNonce` remembered (its request failed verification). */
  forgetNonce(hawkIdHmac: string, nonce: string): Promise<void>;
  /**
   * Since when (ms) the session nonces are known: a request signed before it may have been served already and
   * must be refused (as a stale timestamp). SQLite keeps them in memory and hands them over on a clean close, so
   * this is the opening time after a crash and 0 otherwise; Redis keeps them beside the sessions: 0.
   */
  readonly noncesKnownSince: number;
  /** Sliding expiry: moves `expiresAt` forward. No-op for unknown sessions. */
  touch(hawkIdHmac: string, expiresAt: number): Promise<void>;
  /**
   * Marks a live session as signed in. Returns false when the session is unknown or expired. Its OAuth
   * state (if any) is kept.
   */
  signIn(hawkIdHmac: string, userMac: string, encryptedIdentity: string): Promise<boolean>;
  /** Deleting a session also deletes its OAuth state. */
  delete(hawkIdHmac: string): Promise<void>;
  /** Every session whose owner key is `user` (its own hawkIdHmac when anonymous, else its userMac), with their OAuth state. */
  deleteForUser(user: string): Promise<void>;
}

export interface OAuthStateStore {
  /** Creates or replaces the session's OAuth state. The session must exist. */
  put(record: OAuthStateRecord): Promise<void>;
  /** Null when unknown, expired, or its session is gone. */
  get(hawkIdHmac: string): Promise<OAuthStateRecord | null>;
}

/**
 * How to wake each device: SimplePush URLs per topic and at most one Web Push subscription. A device's
 * endpoints of both kinds share one expiry: whatever sets or touches the device moves it for all of them.
 */
export interface PushEndpointStore {
  /**
   * Sets this device's URL for each topic given; topics not given keep their current URL (HMSET semantics).
   * `expiresAt` applies to every URL and to the Web Push subscription of the device.
   */
  setForDevice(
    user: string,
    hawkIdHmac: string,
    urls: Partial<Record<PushTopic, string>>,
    expiresAt: number,
  ): Promise<void>;
  /** De-duplicated URLs of every live device of the user for one topic. */
  listForUser(user: string, topic: PushTopic): Promise<string[]>;
  /**
   * Sets the device's one Web Push subscription, replacing any previous one. `expiresAt` applies to every
   * endpoint of the device, as in `setForDevice`.
   */
  setWebPushForDevice(
    user: string,
    hawkIdHmac: string,
    subscription: WebPushSubscription,
    expiresAt: number,
  ): Promise<void>;
  /** The live subscriptions of every device of the user that asked for `topic`, de-duplicated by endpoint. */
  listWebPushForUser(user: string, topic: PushTopic): Promise<WebPushSubscription[]>;
  /**
   * Both lists above in one read (what a push fan-out needs): one query round on SQLite, one command on
   * Redis instead of two, on every call created.
   */
  listTargetsForUser(user: string, topic: PushTopic): Promise<PushTargets>;
  /** Sliding expiry of one device's URLs and subscription. */
  touchDevice(user: string, hawkIdHmac: string, expiresAt: number): Promise<void>;
  /** Forgets the device's URLs and subscription. */
  deleteForDevice(user: string, hawkIdHmac: string): Promise<void>;
  /**
   * Removes one URL wherever the user registered it, and any of the user's Web Push subscriptions with that
   * endpoint (the push service said it is gone).
   */
  deleteUrl(user: string, url: string): Promise<void>;
  deleteForUser(user: string): Promise<void>;
  /** Moves every device registration of owner `from` to owner `to` (an anonymous device signing in), atomically. */
  reassignUser(from: string, to: string): Promise<void>;
}

export interface CallUrlStore {
  create(record: CallUrlRecord): Promise<void>;
  /** Null when unknown, revoked or expired. */
  get(token: string): Promise<CallUrlRecord | null>;
  /** The user's live links, oldest first. */
  listForUser(user: string): Promise<CallUrlRecord[]>;
  /**
   * How many live links the user holds, for the per-user cap, without reading them. Redis counts its index,
   * which may still list a link deleted a moment ago: never fewer than the live links.
   */
  countForUser(user: string): Promise<number>;
  /** Replaces a live record; returns false when it no longer exists. */
  update(record: CallUrlRecord): Promise<boolean>;
  delete(token: string): Promise<void>;
  deleteForUser(user: string): Promise<void>;
  /** Moves every link of owner `from` to owner `to` (an anonymous device signing in), atomically. */
  reassignUser(from: string, to: string): Promise<void>;
}

/** How a new call is stored beyond its record and its callees' indexes. */
export interface NewCallOptions {
  /**
   * Also index the call by its provider session, for `findBySessionId`: only for providers that report on a
   * session by its id (LiveKit's webhooks). Without it a store may keep no such entry (Redis keeps none: it
   * was 152 of a call's 745 bytes), and `findBySessionId` may then not find the call.
   */
  findBySession: boolean;
}

export interface CallStore {
  /** Stores the record and indexes it under `record.user`, atomically. */
  create(record: CallRecord, options?: NewCallOptions): Promise<void>;
  /**
   * A direct call: ONE call (one id, one state) listed for every user in `callees`, atomically.
   * `record.user` must be the first of them. `get` and `listForUser` of each callee see the same record.
   */
  createForCallees(record: CallRecord, callees: readonly string[], options?: NewCallOptions): Promise<void>;
  /** Null when unknown or expired. */
  get(callId: string): Promise<CallRecord | null>;
  /**
   * The live call (terminated or not) made on the provider session `sessionId`, for a provider reporting on
   * its session (LiveKit `room_finished`); null when unknown or expired. A session belongs to one call.
   * Guaranteed only for calls created with `findBySession: true`; for others the answer is unspecified
   * (SQLite's column index finds them anyway, Redis has no entry for them).
   */
  findBySessionId(sessionId: string): Promise<CallRecord | null>;
  /**
   * Every user the live call is listed for, its owner (`record.user`) first: one user for a link call, each
   * remaining callee for a direct call. Empty when the call is unknown or expired.
   */
  listCallees(callId: string): Promise<string[]>;
  /** The user's live, non-terminated calls with `timestampSec >= sinceSec`, oldest first. */
  listForUser(user: string, sinceSec: number): Promise<CallRecord[]>;
  /**
   * Compare-and-set of the progress fields: writes `progress` only if the live record's version is still
   * `expectedVersion`, and bumps the version by one. Returns the updated record, or null when the version
   * moved on or the call is gone (re-read to tell which). Atomic across every instance sharing the store.
   */
  updateProgress(callId: string, expectedVersion: number, progress: CallProgress): Promise<CallRecord | null>;
  /** Ids of live calls whose `nextDeadlineAt <= now`, soonest first, at most `limit`. */
  listDue(now: number, limit: number): Promise<string[]>;
  /** The soonest `nextDeadlineAt` among live calls, or null when no timer is pending. */
  nextDeadline(): Promise<number | null>;
  /** Removes the user's calls; a direct call also listed for other callees stays listed for them. */
  deleteForUser(user: string): Promise<void>;
  /** Moves every call listed for `from` to `to`, atomically. */
  reassignUser(from: string, to: string): Promise<void>;
}

/**
 * Rooms (spec §7) and their participants. A room's participant list carries a version so that the
 * capacity rule, decided by the use case on the list it read, is applied atomically by `addParticipant`.
 * Participations end by their stored deadline (`expiresAt`): reads ignore an expired one at once, and
 * `expireParticipant` removes it for exactly one caller, whichever instance asks first.
 */
export interface RoomStore {
  /** Stores the room and indexes it under `room.user`, atomically. */
  create(room: RoomRecord): Promise<void>;
  /** Null when unknown, deleted or expired. */
  get(roomToken: string): Promise<RoomRecord | null>;
  /** The user's live rooms, by `updateTimeSec` (oldest first). */
  listForUser(user: string): Promise<RoomRecord[]>;
  /** How many live rooms the user owns (the cap on rooms per user), without reading them. */
  countForUser(user: string): Promise<number>;
  /** Replaces a live room (PATCH); returns false when it no longer exists. */
  update(room: RoomRecord): Promise<boolean>;
  /** Moves `updateTimeSec` and `expiresAtSec` of a live room (a join, leave or expiry); the updated room, or null. */
  touch(roomToken: string, updateTimeSec: number, expiresAtSec: number): Promise<RoomRecord | null>;
  /**
   * Deletes a live room with its participants and leaves a deletion marker under its owner until
   * `markerExpiresAt` (ms). Returns the room it deleted, or null when there was none (nothing is marked).
   */
  delete(roomToken: string, deletedAtSec: number, markerExpiresAt: number): Promise<RoomRecord | null>;
  /** The user's live deletion markers with `deletedAtSec >= sinceSec`. */
  listDeletedForUser(user: string, sinceSec: number): Promise<RoomDeletion[]>;
  /** Removes the user's rooms (with their participants) and deletion markers. */
  deleteForUser(user: string): Promise<void>;
  /**
   * Moves every room of owner `from` to owner `to` (an anonymous device signing in), with `from`'s
   * participations in those rooms. Theirs in other owners' rooms may keep `from` until they end (Redis has no
   * index from a user to them).
   */
  reassignUser(from: string, to: string): Promise<void>;

  /** The live participants, oldest join first, and the list's version (0 for a room nobody joined yet). */
  listParticipants(roomToken: string): Promise<{ participants: RoomParticipant[]; version: number }>;
  /** One live participation, or null. */
  getParticipant(roomToken: string, participantHmac: string): Promise<RoomParticipant | null>;
  /**
   * Adds the participation (replacing one with the same `participantHmac`) if the room is live and its list
   * is still at `expectedVersion`, and bumps the version. `conflict`: the list moved on, decide again.
   */
  addParticipant(participant: RoomParticipant, expectedVersion: number): Promise<'added' | 'conflict' | 'gone'>;
  /** Moves a live participation's deadline; false when it has expired or left (the client gets 410). */
  refreshParticipant(roomToken: string, participantHmac: string, expiresAt: number): Promise<boolean>;
  /** Ends a participation now; true only for the caller that removed it (who then announces the leave). */
  removeParticipant(roomToken: string, participantHmac: string): Promise<boolean>;
  /** Participations whose deadline is `<= now`, soonest first, at most `limit`. */
  listDueParticipants(now: number, limit: number): Promise<DueParticipant[]>;
  /** Removes the participation only if its deadline is still `<= now`; true for exactly one caller. */
  expireParticipant(roomToken: string, participantHmac: string, now: number): Promise<boolean>;
  /** The soonest participation deadline, or null when nobody is in any room. */
  nextParticipantDeadline(): Promise<number | null>;
}

/**
 * One-time tokens (the user events tickets), remembered durably. The nonces of Hawk requests are not here:
 * they go with their session (`SessionStore.getAndRememberNonce`).
 */
export interface NonceStore {
  /**
   * Remembers `key` until `expiresAt`. Returns true when the key was new, false when it was already
   * remembered and still live (a replay). Must be atomic across every instance sharing the store.
   */
  remember(key: string, expiresAt: number): Promise<boolean>;
}

export interface Store {
  readonly kind: string;
  readonly sessions: SessionStore;
  readonly oauthStates: OAuthStateStore;
  readonly pushEndpoints: PushEndpointStore;
  readonly callUrls: CallUrlStore;
  readonly calls: CallStore;
  readonly rooms: RoomStore;
  readonly nonces: NonceStore;
  /** A cheap write-and-read round trip: a read-only or broken backend fails it. */
  ping(): Promise<void>;
  /** Removes expired records now (also run periodically by the backend itself). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}
