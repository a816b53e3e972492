import type { Redis } from 'ioredis';
import { channelOf, type EventBus, type Listener, type Subscription, type Topic } from './event-bus.ts';
import { decoding, ListenerRegistry } from './listener-registry.ts';

export interface RedisEventBusOptions {
  /** Any connection; only PUBLISH is sent on it. */
  publisher: Redis;
  /** A connection for this bus alone: SUBSCRIBE puts it in subscriber mode. */
  subscriber: Redis;
  /** Channel name prefix; pub/sub ignores the DB number, so this keeps deployments apart. */
  channelPrefix?: string;
  onListenerError?: (error: unknown) => void;
}

/**
 * Redis pub/sub, one Redis channel per topic and key (`loop:call:<callId>`, `loop:signal:<sessionId>`…).
 * Unlike 2016, a channel is unsubscribed as soon as its last listener on this instance leaves, so
 * subscriptions do not pile up for the life of the process.
 */
export function createRedisEventBus(options: RedisEventBusOptions): EventBus {
  const { publisher, subscriber } = options;
  const prefix = options.channelPrefix ?? 'loop:';
  const registry = new ListenerRegistry(options.onListenerError ?? (() => {}));
  /** SUBSCRIBE in flight per channel, so a second listener waits for it instead of assuming it is live. */
  const subscribing = new Map<string, Promise<unknown>>();

  const onMessage = (redisChannel: string, message: string) => {
    if (redisChannel.startsWith(prefix)) registry.deliver(redisChannel.slice(prefix.length), message);
  };
  subscriber.on('message', onMessage);

  return {
    kind: 'redis',
    async publish<T>(topic: Topic<T>, key: string, payload: T) {
      await publisher.publish(prefix + channelOf(topic, key), topic.encode(payload));
    },
    async subscribe<T>(topic: Topic<T>, key: string, listener: Listener<T>): Promise<Subscription> {
      const channel = channelOf(topic, key);
      const raw = decoding(topic.decode, listener);
      if (registry.add(channel, raw)) {
        const pending = subscriber.subscribe(prefix + channel);
        subscribing.set(channel, pending);
        try {
          await pending;
        } catch (error) {
          registry.remove(channel, raw);
          throw error;
        } finally {
          if (subscribing.get(channel) === pending) subscribing.delete(channel);
        }
      } else {
        await subscribing.get(channel);
      }
      let active = true;
      return {
        async unsubscribe() {
          if (!active) return;
          active = false;
          if (registry.remove(channel, raw)) await subscriber.unsubscribe(prefix + channel);
        },
      };
    },
    channelCount: () => registry.size,
    async close() {
      subscriber.off('message', onMessage);
      const channels = registry.channels().map((channel) => prefix + channel);
      registry.clear();
      if (channels.length > 0 && subscriber.status === 'ready') await subscriber.unsubscribe(...channels);
    },
  };
}
