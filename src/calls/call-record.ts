/** A call and where it stands: the types the call use cases, the state machine, the stores and the browser share. */

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
  /**
   * The callee's provider token (the caller's is returned to the caller and never stored); null when the
   * provider mints it again from the session and `timestampSec` (`Provider.participantTokenAt`).
   */
  calleeToken: string | null;
  /**
   * The progress-websocket tokens; null for calls made since they are derived (`progressToken` in
   * progress-tokens.ts, which reads these through): only calls stored before carry random ones.
   */
  wsCallerToken: string | null;
  wsCalleeToken: string | null;
  /** Link calls only. */
  callToken: string | null;
  urlCreationDateSec: number | null;
  /** Bumped by every `updateProgress`; the optimistic-concurrency token. 0 at creation. */
  version: number;
  /** The record disappears at this time (the API's `callDuration`). */
  expiresAt: number;
}
