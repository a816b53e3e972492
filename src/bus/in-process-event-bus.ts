import { channelOf, type EventBus, type Listener, type Subscription, type Topic } from './event-bus.ts';
import { decoding, ListenerRegistry } from './listener-registry.ts';

/**
 * The bus of a single instance. Payloads go through their topic's wire form, as over Redis (so both buses
 * deliver copies and drop what does not decode), and delivery is asynchronous, so callers never re-enter.
 */
export function createInProcessEventBus(options: { onListenerError?: (error: unknown) => void } = {}): EventBus {
  const registry = new ListenerRegistry(options.onListenerError ?? (() => {}));
  return {
    kind: 'in-process',
    async publish<T>(topic: Topic<T>, key: string, payload: T) {
      const raw = topic.encode(payload);
      const channel = channelOf(topic, key);
      setImmediate(() => registry.deliver(channel, raw));
    },
    async subscribe<T>(topic: Topic<T>, key: string, listener: Listener<T>): Promise<Subscription> {
      const channel = channelOf(topic, key);
      const raw = decoding(topic.decode, listener);
      registry.add(channel, raw);
      let active = true;
      return {
        async unsubscribe() {
          if (!active) return;
          active = false;
          registry.remove(channel, raw);
        },
      };
    },
    channelCount: () => registry.size,
    async close() {
      registry.clear();
    },
  };
}
