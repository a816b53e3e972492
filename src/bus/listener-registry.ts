/**
 * Listeners per channel, reference-counted: tells a bus when a channel gets its first listener (subscribe
 * it) and loses its last (release it). Shared by both bus implementations. A listener receives the raw
 * payload; the bus wraps each typed listener with its topic's `decode`.
 */
export type RawListener = (raw: string) => void;

export class ListenerRegistry {
  private readonly byChannel = new Map<string, Set<RawListener>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** Returns true when this is the channel's first listener. */
  add(channel: string, listener: RawListener): boolean {
    const listeners = this.byChannel.get(channel);
    if (listeners) {
      listeners.add(listener);
      return false;
    }
    this.byChannel.set(channel, new Set([listener]));
    return true;
  }

  /** Returns true when the channel has no listener left (and was known). */
  remove(channel: string, listener: RawListener): boolean {
    const listeners = this.byChannel.get(channel);
    if (!listeners?.delete(listener)) return false;
    if (listeners.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  has(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  deliver(channel: string, raw: string): void {
    // A copy: a listener may unsubscribe (or subscribe another) while we iterate.
    for (const listener of [...(this.byChannel.get(channel) ?? [])]) {
      try {
        listener(raw);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  get size(): number {
    return this.byChannel.size;
  }

  clear(): void {
    this.byChannel.clear();
  }
}

/** The raw listener of a typed one: payloads its topic cannot decode never reach it. */
export function decoding<T>(decode: (raw: string) => T | null, listener: (payload: T) => void): RawListener {
  return (raw) => {
    const payload = decode(raw);
    if (payload !== null) listener(payload);
  };
}
