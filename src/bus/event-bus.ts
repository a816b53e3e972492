/**
 * How instances tell each other what happened (spec §6.8): call progress, signalling between two peers,
 * events for one user's apps. One interface, two implementations: in-process (one instance) and Redis
 * pub/sub (several). Both pass `test/contract/event-bus.contract.ts`.
 *
 * A message goes to a channel named by a topic and a key (`call:<callId>`, `signal:<sessionId>`,
 * `user:<userHash>`). The topic owns the payload's type and its wire form, so a listener only ever sees
 * payloads its topic decoded; noise from another publisher is dropped at the topic's `decode`.
 */
import type { CallState } from '../calls/call-record.ts';

/** A kind of message: its channel name prefix, and how its payload crosses the wire. */
export interface Topic<T> {
  /** Short, no `:` (it is the first part of the channel name). */
  readonly name: string;
  encode(payload: T): string;
  /** Null for anything that is not a valid payload of this topic. */
  decode(raw: string): T | null;
}

export type Listener<T> = (payload: T) => void;

export interface Subscription {
  /** Idempotent. The channel itself is released when its last listener on this instance leaves. */
  unsubscribe(): Promise<void>;
}

export interface EventBus {
  readonly kind: string;
  publish<T>(topic: Topic<T>, key: string, payload: T): Promise<void>;
  /** Resolves once payloads published afterwards (from any instance) on `topic`/`key` reach `listener`. */
  subscribe<T>(topic: Topic<T>, key: string, listener: Listener<T>): Promise<Subscription>;
  /** Channels with at least one listener on this instance (a leak shows up here). */
  channelCount(): number;
  /** Drops every listener; the connections it was given stay open (their owner closes them). */
  close(): Promise<void>;
}

/** The channel of a topic and key; the Redis bus prepends its deployment prefix. */
export const channelOf = (topic: Topic<unknown>, key: string): string => `${topic.name}:${key}`;

/** A state change of one call, as every socket of that call should learn it. */
export interface CallProgressEvent {
  callId: string;
  state: CallState;
  reason: string | null;
  /** The record version that produced the change: lets a socket drop an event that arrives late. */
  version: number;
}

/** Call progress, keyed by call id. */
export const CALL_PROGRESS: Topic<CallProgressEvent> = {
  name: 'call',
  encode: (event) =>
    JSON.stringify({ callId: event.callId, state: event.state, reason: event.reason, version: event.version }),
  decode(raw) {
    const value = parseObject(raw) as Partial<CallProgressEvent> | null;
    if (
      !value ||
      typeof value.callId !== 'string' ||
      typeof value.state !== 'string' ||
      typeof value.version !== 'number'
    )
      return null;
    return {
      callId: value.callId,
      state: value.state,
      reason: typeof value.reason === 'string' ? value.reason : null,
      version: value.version,
    };
  },
};

/** JSON.parse that answers null for anything but a JSON object. */
export function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
