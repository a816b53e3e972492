import type { Redis } from 'ioredis';
import { decodeEvent, encodeEvent, type CallProgressEvent, type CallProgressListener, type EventBus, type Subscription } from './event-bus.ts';
import { ListenerRegistry } from './listener-registry.ts';

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
 * Redis pub/sub, one channel per call. Unlike 2016, a channel is unsubscribed as soon as its last listener
 * on this instance leaves, so subscriptions do not pile up for the life of the process.
 */
export function createRedisEventBus(options: RedisEventBusOptions): EventBus {
  const { publisher, subscriber } = options;
  const prefix = options.channelPrefix ?? 'loop:call:';
  const registry = new ListenerRegistry(options.onListenerError ?? (() => {}));
  /** SUBSCRIBE in flight per call, so a second listener waits for it instead of assuming it is live. */
  const subscribing = new Map<string, Promise<unknown>>();

  const onMessage = (channel: string, message: string) => {
    if (!channel.startsWith(prefix)) return;
    const event = decodeEvent(message);
    if (event && event.callId === channel.slice(prefix.length)) registry.deliver(event);
  };
  subscriber.on('message', onMessage);

  return {
    kind: 'redis',
    async publish(event: CallProgressEvent) {
      await publisher.publish(prefix + event.callId, encodeEvent(event));
    },
    async subscribe(callId: string, listener: CallProgressListener): Promise<Subscription> {
      if (registry.add(callId, listener)) {
        const pending = subscriber.subscribe(prefix + callId);
        subscribing.set(callId, pending);
        try {
          await pending;
        } catch (error) {
          registry.remove(callId, listener);
          throw error;
        } finally {
          if (subscribing.get(callId) === pending) subscribing.delete(callId);
        }
      } else {
        await subscribing.get(callId);
      }
      let active = true;
      return {
        async unsubscribe() {
          if (!active) return;
          active = false;
          if (registry.remove(callId, listener)) await subscriber.unsubscribe(prefix + callId);
        },
      };
    },
    channelCount: () => registry.size,
    async close() {
      subscriber.off('message', onMessage);
      const channels = registry.callIds().map((callId) => prefix + callId);
      registry.clear();
      if (channels.length > 0 && subscriber.status === 'ready') await subscriber.unsubscribe(...channels);
    },
  };
}
