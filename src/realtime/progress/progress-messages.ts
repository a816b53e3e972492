/**
 * The frames of the progress websocket (spec §6.6), parsed and built. Error reasons are the historical
 * strings, which clients compare against.
 */
import type { CallState } from '../../calls/call-record.ts';

export const ACTION_EVENTS = ['accept', 'media-up', 'terminate'] as const;
export type ActionEvent = (typeof ACTION_EVENTS)[number];

export type ClientMessage =
  | { messageType: 'hello'; callId: unknown; auth: unknown }
  | { messageType: 'action'; event: 'accept' | 'media-up' }
  | { messageType: 'action'; event: 'terminate'; reason: string | null }
  | { messageType: 'echo'; echo: unknown };

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; reason: string };

export const ERROR_REASONS = {
  malformed: 'Malformed message.',
  unknownType: 'Unknown messageType',
  badCallId: 'bad callId',
  badAuth: 'bad authentication',
  badReason: 'Invalid reason: should be alphanumeric',
  unavailable: 'Service Unavailable',
  tooManySockets: 'Too many connections for this call.',
  /** Not in 2016's list: that server never closed a socket that stayed silent. */
  helloTimeout: 'No hello in time.',
} as const;

export const missingParameters = (names: readonly string[]) => `Missing parameters: ${names.join(', ')}`;
export const invalidEvent = (event: string) =>
  `${event} state is invalid. Should be one of: ${ACTION_EVENTS.join(', ')}`;

/** Reasons are free-form but short and plain: they are stored, counted and sent to the other side. */
const REASON = /^[A-Za-z0-9-]{1,64}$/;

const absent = (value: unknown) => value === undefined || value === null || value === '';

export function parseClientMessage(raw: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: ERROR_REASONS.malformed };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: ERROR_REASONS.malformed };
  const frame = value as Record<string, unknown>;
  switch (frame.messageType) {
    case 'hello': {
      const missing = ['callId', 'auth'].filter((name) => absent(frame[name]));
      if (missing.length > 0) return { ok: false, reason: missingParameters(missing) };
      return { ok: true, message: { messageType: 'hello', callId: frame.callId, auth: frame.auth } };
    }
    case 'action':
      return parseAction(frame);
    case 'echo':
      return { ok: true, message: { messageType: 'echo', echo: frame.echo } };
    default:
      return { ok: false, reason: ERROR_REASONS.unknownType };
  }
}

function parseAction(frame: Record<string, unknown>): Parsed {
  const { event, reason } = frame;
  if (absent(event)) return { ok: false, reason: missingParameters(['event']) };
  if (event === 'accept' || event === 'media-up') return { ok: true, message: { messageType: 'action', event } };
  if (event !== 'terminate')
    return { ok: false, reason: invalidEvent(String(typeof event === 'object' ? JSON.stringify(event) : event)) };
  if (reason === undefined || reason === null)
    return { ok: true, message: { messageType: 'action', event, reason: null } };
  if (typeof reason !== 'string' || !REASON.test(reason)) return { ok: false, reason: ERROR_REASONS.badReason };
  return { ok: true, message: { messageType: 'action', event, reason } };
}

export type ServerMessage =
  | { messageType: 'hello'; state: Exclude<CallState, 'half-initiated'>; reason?: string }
  | { messageType: 'progress'; state: CallState; reason?: string }
  | { messageType: 'echo'; echo: unknown }
  | { messageType: 'error'; reason: string };

export function stateMessage(
  messageType: 'hello' | 'progress',
  state: CallState,
  reason: string | null,
): ServerMessage {
  const shown = state === 'half-initiated' ? 'init' : state;
  return { messageType, state: shown, ...(state === 'terminated' && reason !== null ? { reason } : {}) };
}
