/**
 * A WebRTC provider: who hosts the media session two participants join. The call flow only ever talks
 * to this interface; the provider is picked once, at start-up, in `deps.ts`.
 */
export type ParticipantRole = 'caller' | 'callee';

/** Who joins a room's session: the owner gets the provider's moderator role where it has one. */
export interface RoomParticipantGrant {
  /** The participation's public id (`roomConnectionId`): the peer's identity in the session. */
  roomConnectionId: string;
  displayName: string;
  role: 'moderator' | 'publisher';
}

export interface RoomSessionOptions {
  maxParticipants: number;
  label?: string;
}

export interface LabelledSession {
  session: ProviderSession;
  /** The `room.label` it was made with; null for a call's session or one made without a label. */
  label: string | null;
}

export interface ProviderSession {
  sessionId: string;
  /** The `apiKey` clients of this session need (OpenTok: the channel's project key). */
  apiKey: string;
  /** The credential channel that created it (spec §10); tokens for the session must use the same one. */
  channel: string;
}

export interface ParticipantCredentials {
  /** Sent as `sessionToken` in the Loop API. */
  token: string;
  /** Anything else a client of this provider needs (a URL to connect to, ICE servers…), added to answers. */
  extras: Record<string, unknown>;
}

export interface HealthResult {
  ok: boolean;
  /** Why it failed; safe to show (no secrets). */
  message?: string;
}

export interface Provider {
  /** Short name returned to clients as `provider`. */
  readonly name: string;
  /** Public identifier of the default channel, returned as `apiKey` as the historical clients expect. */
  readonly apiKey: string;
  /** Fields every client of this provider needs whatever the call (LiveKit: `livekitUrl`); also added to stored calls' answers. */
  readonly clientExtras: Readonly<Record<string, unknown>>;
  /**
   * True when the provider reports on a call's session by its id (LiveKit's `room_finished` webhook), so the
   * store must find a call by its session; the others leave it out, and their calls get no session index.
   */
  readonly reportsBySession?: boolean;
  /**
   * Fields for one participant that are made fresh each time an answer is presented (the built-in
   * provider's `iceServers`, whose TURN credentials expire); added to GET /calls items too.
   */
  participantExtras?(sessionId: string, role: ParticipantRole): Record<string, unknown>;
  /**
   * `channel` selects a credential set where the provider has several; unknown channels use the default.
   * `room` asks for a session several people join, again and again, for as long as the room lives
   * (`maxParticipants`: the room's maxSize; `label`: what `listSessions` reports it as, e.g. the room token);
   * without it, a two-party call session.
   */
  createSession(options: { channel?: string; room?: RoomSessionOptions }): Promise<ProviderSession>;
  createParticipantToken(session: ProviderSession, role: ParticipantRole): Promise<ParticipantCredentials>;
  /**
   * A call participant's token as `createParticipantToken` makes it at `issuedAtSec`, made again the same:
   * only providers whose call tokens are a pure function of session, role and time have it (the built-in
   * one's signed claims). Loop then stores no callee token (over a third of a call's stored value) and
   * mints it each time the call is shown to the callee.
   */
  participantTokenAt?(sessionId: string, role: ParticipantRole, issuedAtSec: number): string;
  /** A token for one participation in a room's session (made with `room`). */
  createRoomToken(session: ProviderSession, grant: RoomParticipantGrant): Promise<ParticipantCredentials>;
  /**
   * Releases what `createSession` reserved at the provider (a Janus room and its tokens), when the call ends
   * or the room is deleted or expires. Optional: providers whose sessions cost nothing idle (built-in,
   * OpenTok) or close themselves (LiveKit's empty timeout) leave it out. Repeatable; a session the provider
   * no longer knows is not an error.
   */
  destroySession?(session: ProviderSession): Promise<void>;
  /**
   * The room sessions this provider holds, with the label each was made with: how a sweep finds the sessions
   * of rooms that expired in the store (nothing else tells a provider that a room's time is up). Only providers
   * with `destroySession` have it.
   */
  listSessions?(): Promise<LabelledSession[]>;
  /** A cheap check that creates nothing billable. */
  health(): Promise<HealthResult>;
}

/** The channel every provider has; requests naming no (or an unknown) channel use it. */
export const DEFAULT_CHANNEL = 'default';

/** Any failure of the provider: the call is not created and the client gets 503 errno 201. */
export class ProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

/** Told about every failed attempt, including those a retry hides (wired to a counter and the log in `deps.ts`). */
export type AttemptFailureListener = (failure: {
  operation: string;
  kind: 'timeout' | 'error';
  attempt: number;
  error: unknown;
}) => void;
