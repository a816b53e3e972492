/**
 * The frames of the user events websocket (`GET /events`, docs/realtime.md): how a callee's web app hears
 * about incoming calls at once. Shared by the server and the browser app: types and pure functions only,
 * no Node-only import.
 */
import type { IceServerInit } from './signalling-messages.ts';

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
  | { type: 'pong' }
  | { type: 'error'; reason: UserEventsErrorReason };

export const USER_EVENTS_CLOSE_CODES = {
  shutdown: 1001,
  /** A frame that is not JSON, or anything but a valid `hello` as the first frame. */
  badMessage: 4400,
  invalidTicket: 4401,
  /** No `hello` within 5 s. */
  timeout: 4408,
  unavailable: 4503,
} as const;

export const USER_EVENTS_HELLO_TIMEOUT_MS = 5000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export type ParsedUserEventsClientMessage = { ok: true; message: UserEventsClientMessage } | { ok: false; notJson: boolean };

export function parseUserEventsClientMessage(raw: string): ParsedUserEventsClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, notJson: true };
  }
  if (!isObject(value)) return { ok: false, notJson: false };
  if (value.type === 'hello' && typeof value.ticket === 'string' && value.ticket !== '') return { ok: true, message: { type: 'hello', ticket: value.ticket } };
  if (value.type === 'ping') return { ok: true, message: { type: 'ping' } };
  return { ok: false, notJson: false };
}

const isCallItem = (value: unknown): value is CalleeCallItem =>
  isObject(value) && typeof value.callId === 'string' && typeof value.sessionToken === 'string' && typeof value.websocketToken === 'string';

/** The browser's reading of a server frame; null for anything this protocol does not define. */
export function parseUserEventsServerMessage(raw: string): UserEventsServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'hello':
      return Array.isArray(value.pending) && value.pending.every(isCallItem) ? { type: 'hello', pending: value.pending } : null;
    case 'incoming-call':
      return isCallItem(value.call) ? { type: 'incoming-call', call: value.call } : null;
    case 'call-ended':
      return typeof value.callId === 'string' && typeof value.reason === 'string' ? { type: 'call-ended', callId: value.callId, reason: value.reason } : null;
    case 'pong':
      return { type: 'pong' };
    case 'error':
      return (USER_EVENTS_ERROR_REASONS as readonly unknown[]).includes(value.reason) ? { type: 'error', reason: value.reason as UserEventsErrorReason } : null;
    default:
      return null;
  }
}

export function encodeUserEventsMessage(message: UserEventsClientMessage | UserEventsServerMessage): string {
  return JSON.stringify(message);
}
