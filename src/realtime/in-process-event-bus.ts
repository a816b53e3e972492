import type { CallProgressEvent, CallProgressListener, EventBus, Subscription } from './event-bus.ts';
import { ListenerRegistry } from './listener-registry.ts';

/** The bus of a single instance. Delivery is asynchronous, as over Redis, so callers never re-enter. */
export function createInProcessEventBus(options: { onListenerError?: (error: unknown) => void } = {}): EventBus {
  const registry = new ListenerRegistry(options.onListenerError ?? (() => {}));
  return {
    kind: 'in-process',
    async publish(event: CallProgressEvent) {
      const copy = { ...event };
      setImmediate(() => registry.deliver(copy));
    },
    async subscribe(callId: string, listener: CallProgressListener): Promise<Subscription> {
      registry.add(callId, listener);
      let active = true;
      return {
        async unsubscribe() {
          if (!active) return;
          active = false;
          registry.remove(callId, listener);
        },
      };
    },
    channelCount: () => registry.size,
    async close() {
      registry.clear();
    },
  };
}
