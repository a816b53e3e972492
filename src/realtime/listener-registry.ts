import type { CallProgressEvent, CallProgressListener } from './event-bus.ts';

/**
 * Listeners per call, reference-counted: tells a bus when a call gets its first listener (subscribe the
 * channel) and loses its last (release it). Shared by both bus implementations.
 */
export class ListenerRegistry {
  private readonly byCall = new Map<string, Set<CallProgressListener>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** Returns true when this is the call's first listener. */
  add(callId: string, listener: CallProgressListener): boolean {
    const listeners = this.byCall.get(callId);
    if (listeners) {
      listeners.add(listener);
      return false;
    }
    this.byCall.set(callId, new Set([listener]));
    return true;
  }

  /** Returns true when the call has no listener left (and was known). */
  remove(callId: string, listener: CallProgressListener): boolean {
    const listeners = this.byCall.get(callId);
    if (!listeners?.delete(listener)) return false;
    if (listeners.size > 0) return false;
    this.byCall.delete(callId);
    return true;
  }

  has(callId: string): boolean {
    return this.byCall.has(callId);
  }

  deliver(event: CallProgressEvent): void {
    // A copy: a listener may unsubscribe (or subscribe another) while we iterate.
    for (const listener of [...(this.byCall.get(event.callId) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  callIds(): string[] {
    return [...this.byCall.keys()];
  }

  get size(): number {
    return this.byCall.size;
  }

  clear(): void {
    this.byCall.clear();
  }
}
