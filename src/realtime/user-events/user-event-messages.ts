/**
 * The frames of the user events websocket (`GET /events`, docs/realtime.md): how a callee's web app hears
 * about incoming calls, and changes to the user's rooms, at once. Shared by the server and the browser app: types and pure functions only,
 * no Node-only import. The first frame must be a valid `hello` within LOOP_WS_HELLO_TIMEOUT_SECONDS (close
 * 4408 otherwise); close codes and parsing shared with the signalling protocol are in json-frames.ts.
 */
import {
  FIRST_FRAME_CLOSE_CODES,
  isObject,
  isOneOf,
  NOT_A_MESSAGE,
  parseJsonObject,
  type ParsedFrame,
} from '../json-frames.ts';
import type { IceServerInit } from '../signalling/signalling-messages.ts';
import { isRoomEvent, type RoomEvent } from '../../rooms/room-event.ts';

export type { RoomEvent } from '../../rooms/room-event.ts';

/** One call as the callee sees it: the same item as `GET /calls` returns (spec §4.8, plus provider fields). */
export interface CalleeCallItem {
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
  /** Link calls only. */
  callUrl?: string;
  callToken?: string;
  urlCreationDate?: number | null;
  /** Built-in provider only. */
  signallingURL?: string;
  iceServers?: IceServerInit[];
  [field: string]: unknown;
}

export type UserEventsClientMessage = { type: 'hello'; ticket: string } | { type: 'ping' };

export const USER_EVENTS_ERROR_REASONS = ['timeout', 'invalid-ticket', 'bad-message', 'unavailable'] as const;
export type UserEventsErrorReason = (typeof USER_EVENTS_ERROR_REASONS)[number];

export type UserEventsServerMessage =
  | { type: 'hello'; pending: CalleeCallItem[] }
  | { type: 'incoming-call'; call: CalleeCallItem }
  /** `reason`: the call's terminated reason (`cancel`, `timeout`, `closed`, `reject`, …), `terminated` if none. */
  | { type: 'call-ended'; callId: string; reason: string }
  /**
   * One of the user's rooms changed (created, modified, deleted, someone joined, left or timed out): the
   * app asks `GET /rooms?version=<version>` for what changed, as the historical clients did on a push.
   */
  | { type: 'room-changed'; roomToken: string; event: RoomEvent; version: number }
  | { type: 'pong' }
  | { type: 'error'; reason: UserEventsErrorReason };

export const USER_EVENTS_CLOSE_CODES = {
  ...FIRST_FRAME_CLOSE_CODES,
  invalidTicket: 4401,
} as const;

export type ParsedUserEventsClientMessage = ParsedFrame<UserEventsClientMessage>;

export function parseUserEventsClientMessage(raw: string): ParsedUserEventsClientMessage {
  const frame = parseJsonObject(raw);
  if (!frame.ok) return frame;
  const value = frame.value;
  if (value.type === 'hello' && typeof value.ticket === 'string' && value.ticket !== '')
    return { ok: true, message: { type: 'hello', ticket: value.ticket } };
  if (value.type === 'ping') return { ok: true, message: { type: 'ping' } };
  return NOT_A_MESSAGE;
}

const isCallItem = (value: unknown): value is CalleeCallItem =>
  isObject(value) &&
  typeof value.callId === 'string' &&
  typeof value.sessionToken === 'string' &&
  typeof value.websocketToken === 'string';

/** The browser's reading of a server frame; null for anything this protocol does not define. */
export function parseUserEventsServerMessage(raw: string): UserEventsServerMessage | null {
  const frame = parseJsonObject(raw);
  if (!frame.ok) return null;
  const value = frame.value;
  switch (value.type) {
    case 'hello':
      return Array.isArray(value.pending) && value.pending.every(isCallItem)
        ? { type: 'hello', pending: value.pending }
        : null;
    case 'incoming-call':
      return isCallItem(value.call) ? { type: 'incoming-call', call: value.call } : null;
    case 'call-ended':
      return typeof value.callId === 'string' && typeof value.reason === 'string'
        ? { type: 'call-ended', callId: value.callId, reason: value.reason }
        : null;
    case 'room-changed':
      return typeof value.roomToken === 'string' && isRoomEvent(value.event) && typeof value.version === 'number'
        ? { type: 'room-changed', roomToken: value.roomToken, event: value.event, version: value.version }
        : null;
    case 'pong':
      return { type: 'pong' };
    case 'error':
      return isOneOf(USER_EVENTS_ERROR_REASONS, value.reason) ? { type: 'error', reason: value.reason } : null;
    default:
      return null;
  }
}

export function encodeUserEventsMessage(message: UserEventsClientMessage | UserEventsServerMessage): string {
  return JSON.stringify(message);
}
