/**
 * The one storage interface. Every backend (SQLite today, Redis later) implements it and passes the
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

export type PushTopic = 'calls' | 'rooms';
export const PUSH_TOPICS: readonly PushTopic[] = ['calls', 'rooms'];

export interface SessionRecord {
  /** Keyed hash of the Hawk id (never the id itself). */
  hawkIdHmac: string;
  /** The Hawk MAC key (hex string). Needed in clear to verify request MACs. */
  authKey: string;
  /** Keyed hash of the signed-in identity, or null for an anonymous session. */
  userMac: string | null;
  /**
   * The clear identity sealed with a key derived from the Hawk id (`src/crypto/session-box.ts`): only a
   * request signed by this session can open it. Null for an anonymous session.
   */
  encryptedIdentity: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  /** Null when unknown or expired. */
  get(hawkIdHmac: string): Promise<SessionRecord | null>;
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

/** The server side of one session's OAuth code flow (spec §3.5): what `/fxa-oauth/*` checks and returns. */
export interface OAuthStateRecord {
  /** The session this state belongs to. */
  hawkIdHmac: string;
  /** The `state` parameter the client must bring back; replaced on every token request. */
  state: string;
  /** The PKCE code verifier (RFC 7636) matching the challenge given out with `state`. */
  codeVerifier: string;
  /** The last access token obtained, sealed with the session's key; null before the first exchange. */
  encryptedAccessToken: string | null;
  expiresAt: number;
}

export interface OAuthStateStore {
  /** Creates or replaces the session's OAuth state. The session must exist. */
  put(record: OAuthStateRecord): Promise<void>;
  /** Null when unknown, expired, or its session is gone. */
  get(hawkIdHmac: string): Promise<OAuthStateRecord | null>;
}

/** A browser's Web Push subscription (`PushSubscription.toJSON()`), plus the Loop topics it wants. */
export interface WebPushSubscription {
  /** The push service URL the server POSTs to (RFC 8030). */
  endpoint: string;
  /** The browser's P-256 public key, base64url (65 bytes, uncompressed point). */
  p256dh: string;
  /** The 16-byte authentication secret, base64url. */
  auth: string;
  /** Never empty. */
  topics: PushTopic[];
}

/** Every way to wake a user's devices for one topic. */
export interface PushTargets {
  simplePushUrls: string[];
  webPushSubscriptions: WebPushSubscription[];
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

export interface CallUrlRecord {
  /** 11-character base64url token; the primary key. */
  token: string;
  /** Owner key. */
  user: string;
  /** Free text: who the link is meant for. */
  callerId: string;
  /** The owner's display name ("" when none); shown to the caller as `calleeFriendlyName`. */
  issuer: string;
  subject: string | null;
  /** Creation (or last update) time, seconds. */
  timestampSec: number;
  /** Absolute expiry, seconds. */
  expiresSec: number;
}

export interface CallUrlStore {
  create(record: CallUrlRecord): Promise<void>;
  /** Null when unknown, revoked or expired. */
  get(token: string): Promise<CallUrlRecord | null>;
  /** The user's live links, oldest first. */
  listForUser(user: string): Promise<CallUrlRecord[]>;
  /** Replaces a live record; returns false when it no longer exists. */
  update(record: CallUrlRecord): Promise<boolean>;
  delete(token: string): Promise<void>;
  deleteForUser(user: string): Promise<void>;
  /** Moves every link of owner `from` to owner `to` (an anonymous device signing in), atomically. */
  reassignUser(from: string, to: string): Promise<void>;
}

export type CallType = 'audio' | 'audio-video';
export type CallState =
  'init' | 'half-initiated' | 'alerting' | 'connecting' | 'half-connected' | 'connected' | 'terminated';
export type CallSide = 'caller' | 'callee';
export type CallTimerName = 'supervisory' | 'ringing' | 'connection';
export interface PerSide<T> {
  caller: T;
  callee: T;
}

/**
 * Where a call stands: what the state machine (`src/calls/call-state.ts`) reads and writes. Stored with
 * the call, so any instance (or this one after a restart) can continue it and fire its deadlines.
 */
export interface CallProgress {
  state: CallState;
  /** Termination reason (`cancel`, `timeout`, ...), only with `terminated`; null when none was given. */
  reason: string | null;
  /** Which sides have said hello at least once. */
  joined: PerSide<boolean>;
  /** Which sides have sent media-up. */
  mediaUp: PerSide<boolean>;
  /** Progress sockets open per side, across every instance. */
  devices: PerSide<number>;
  /** Absolute deadlines (ms) of the timers that were started; null when not started. */
  deadlines: Record<CallTimerName, number | null>;
  /** The earliest deadline that can still fire in `state` (null when none): what `listDue` looks at. */
  nextDeadlineAt: number | null;
}

export interface CallRecord extends CallProgress {
  /** 32 hex chars. */
  callId: string;
  /** The callee's owner key: the call is listed for this user. */
  user: string;
  callType: CallType;
  subject: string | null;
  /** Creation time in seconds; doubles as the push `version`. */
  timestampSec: number;
  callerId: string;
  calleeFriendlyName: string;
  /** Provider name and the public identifiers clients need. */
  provider: string;
  apiKey: string;
  sessionId: string;
  /** The callee's provider token (the caller's is returned to the caller and never stored). */
  calleeToken: string;
  wsCallerToken: string;
  wsCalleeToken: string;
  /** Link calls only. */
  callToken: string | null;
  urlCreationDateSec: number | null;
  /** Bumped by every `updateProgress`; the optimistic-concurrency token. 0 at creation. */
  version: number;
  /** The record disappears at this time (the API's `callDuration`). */
  expiresAt: number;
}

export interface CallStore {
  /** Stores the record and indexes it under `record.user`, atomically. */
  create(record: CallRecord): Promise<void>;
  /**
   * A direct call: ONE call (one id, one state) listed for every user in `callees`, atomically.
   * `record.user` must be the first of them. `get` and `listForUser` of each callee see the same record.
   */
  createForCallees(record: CallRecord, callees: readonly string[]): Promise<void>;
  /** Null when unknown or expired. */
  get(callId: string): Promise<CallRecord | null>;
  /**
   * The live call (terminated or not) made on the provider session `sessionId`, for a provider reporting on
   * its session (LiveKit `room_finished`); null when unknown or expired. A session belongs to one call.
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
  readonly nonces: NonceStore;
  /** A cheap write-and-read round trip: a read-only or broken backend fails it. */
  ping(): Promise<void>;
  /** Removes expired records now (also run periodically by the backend itself). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}
