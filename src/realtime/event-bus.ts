/**
 * How call progress travels between the instances that hold a call's sockets (spec §6.8). One interface,
 * two implementations: in-process (one instance) and Redis pub/sub (several). Both pass
 * `test/contract/event-bus.contract.ts`.
 */
import type { CallState } from '../storage/store.ts';

/** A state change of one call, as every socket of that call should learn it. */
export interface CallProgressEvent {
  callId: string;
  state: CallState;
  reason: string | null;
  /** The record version that produced the change: lets a socket drop an event that arrives late. */
  version: number;
}

export type CallProgressListener = (event: CallProgressEvent) => void;

export interface Subscription {
  /** Idempotent. The channel itself is released when its last listener on this instance leaves. */
  unsubscribe(): Promise<void>;
}

export interface EventBus {
  readonly kind: string;
  publish(event: CallProgressEvent): Promise<void>;
  /** Resolves once events published afterwards (from any instance) reach `listener`. */
  subscribe(callId: string, listener: CallProgressListener): Promise<Subscription>;
  /** Calls with at least one listener on this instance (a leak shows up here). */
  channelCount(): number;
  /** Drops every listener; the connections it was given stay open (their owner closes them). */
  close(): Promise<void>;
}

/** Parses an event off the wire; null for anything that is not one (another publisher's noise). */
export function decodeEvent(raw: string): CallProgressEvent | null {
  try {
    const value = JSON.parse(raw) as Partial<CallProgressEvent>;
    if (typeof value.callId !== 'string' || typeof value.state !== 'string' || typeof value.version !== 'number') return null;
    return { callId: value.callId, state: value.state, reason: typeof value.reason === 'string' ? value.reason : null, version: value.version };
  } catch {
    return null;
  }
}

export function encodeEvent(event: CallProgressEvent): string {
  return JSON.stringify({ callId: event.callId, state: event.state, reason: event.reason, version: event.version });
}
