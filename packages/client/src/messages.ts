/**
 * The frames of Loop's two websockets, as a client sees them (docs/realtime.md; the OpenAPI document
 * describes them in text only). The SDK is standalone, so these are declared here rather than imported
 * from the server; packages/client/test/messages.test.ts checks that the server's types fit them.
 */

export type CallState = 'init' | 'alerting' | 'connecting' | 'half-connected' | 'connected' | 'terminated';

/** Progress websocket (spec §6.6): what the client sends. */
export type ProgressClientFrame =
  | { messageType: 'hello'; callId: string; auth: string }
  | { messageType: 'action'; event: 'accept' | 'media-up' }
  | { messageType: 'action'; event: 'terminate'; reason?: string }
  | { messageType: 'echo'; echo: unknown };

/** Progress websocket: what the server sends. `reason` comes with `terminated` (`cancel`, `timeout`, ...). */
export type ProgressServerFrame =
  | { messageType: 'hello'; state: CallState; reason?: string }
  | { messageType: 'progress'; state: CallState; reason?: string }
  | { messageType: 'echo'; echo: unknown }
  | { messageType: 'error'; reason: string };

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** One call as the callee sees it: the item of `GET /calls` (spec §4.8, plus provider fields). */
export interface CalleeCall {
  callId: string;
  callType: 'audio' | 'audio-video';
  callerId: string;
  websocketToken: string;
  apiKey: string;
  sessionId: string;
  sessionToken: string;
  progressURL: string;
  provider: string;
  subject?: string;
  callUrl?: string;
  callToken?: string;
  urlCreationDate?: number | null;
  signallingURL?: string;
  iceServers?: IceServer[];
  [field: string]: unknown;
}

export type RoomEvent = 'creation' | 'modification' | 'deletion' | 'join' | 'leave' | 'expiry';

/** User events websocket (`GET /events`): what the client sends. */
export type UserEventsClientFrame = { type: 'hello'; ticket: string } | { type: 'ping' };

/** User events websocket: what the server sends. */
export type UserEventsServerFrame =
  | { type: 'hello'; pending: CalleeCall[] }
  | { type: 'incoming-call'; call: CalleeCall }
  | { type: 'call-ended'; callId: string; reason: string }
  /** One of the user's rooms changed: ask `GET /rooms?version=<version>` for what did. */
  | { type: 'room-changed'; roomToken: string; event: RoomEvent; version: number }
  | { type: 'pong' }
  | { type: 'error'; reason: 'timeout' | 'invalid-ticket' | 'bad-message' | 'unavailable' };

/** Close codes of the user events websocket besides the standard ones. */
export const USER_EVENTS_CLOSE_CODES = {
  shutdown: 1001,
  badMessage: 4400,
  invalidTicket: 4401,
  timeout: 4408,
  unavailable: 4503,
} as const;
