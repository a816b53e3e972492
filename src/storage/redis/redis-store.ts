import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.ts';
import type { Store } from '../store.ts';
import { RedisCallStore } from './call-store.ts';
import { RedisCallUrlStore } from './call-url-store.ts';
import { keys } from './keys.ts';
import { RedisNonceStore } from './nonce-store.ts';
import { RedisOAuthStateStore } from './oauth-state-store.ts';
import { RedisPushEndpointStore } from './push-endpoint-store.ts';
import type { RedisContext } from './records.ts';
import { RedisRoomStore } from './room-store.ts';
import type { RedisConnection } from './scripts.ts';
import { RedisSessionStore } from './session-store.ts';
import { sweepExpired } from './sweep.ts';
import { openTrackedReads, type TrackedReadsOptions } from './tracked-reads.ts';

export interface RedisStoreOptions {
  /**
   * A standalone client or a Cluster, opened by the caller (see `connect.ts`): the store never opens
   * connections itself, so tests and operators decide how to reach Redis.
   */
  redis: RedisConnection;
  clock: Clock;
  /** Quit the connection when the store closes (the caller handed it over). Default false. */
  quitOnClose?: boolean;
  /**
   * Cache call links locally, invalidated by Redis (tracked-reads.ts): two more connections, duplicates of
   * `redis`. Single node only (ignored on a Cluster, where tracking is per node); off when absent or 0 entries.
   */
  clientCache?: TrackedReadsOptions & { log: Logger };
}

/** How long the ping's probe key outlives the last ping. */
const HEARTBEAT_TTL_MS = 3_600_000;

/**
 * The Redis backend of the Store interface. There is no sweep timer: Redis drops every key at the TTL the
 * writers set, and reads compare each record's stored expiry with the clock anyway.
 */
export function openRedisStore(opts: RedisStoreOptions): Store {
  const { clock } = opts;
  let closed = false;
  const singleNode = !(opts.redis instanceof Cluster);
  const cache = opts.clientCache;
  const trackedReads =
    cache && cache.maxEntries > 0 && opts.redis instanceof Redis
      ? openTrackedReads(opts.redis, cache, cache.log)
      : null;
  const ctx: RedisContext = {
    clock,
    singleNode,
    trackedReads,
    redis() {
      if (closed) throw new Error('The Redis store is closed');
      return opts.redis;
    },
  };
  // One probe key per store instance: two servers pinging the same key could read each other's value.
  const heartbeatKey = keys.heartbeat(randomUUID());

  return {
    kind: singleNode ? 'redis' : 'redis-cluster',
    sessions: new RedisSessionStore(ctx),
    oauthStates: new RedisOAuthStateStore(ctx),
    pushEndpoints: new RedisPushEndpointStore(ctx),
    callUrls: new RedisCallUrlStore(ctx),
    calls: new RedisCallStore(ctx),
    rooms: new RedisRoomStore(ctx),
    nonces: new RedisNonceStore(ctx),

    async ping() {
      const redis = ctx.redis();
      const beat = randomUUID();
      // SET and GET in one MULTI: concurrent pings of this instance share the key, and with separate commands
      // one ping's SET could land between another's SET and GET (false 503s under load).
      const replies = await redis.multi().set(heartbeatKey, beat, 'PX', HEARTBEAT_TTL_MS).get(heartbeatKey).exec();
      const [setReply, getReply] = replies ?? [];
      if (setReply?.[0] || getReply?.[0] || getReply?.[1] !== beat)
        throw new Error('Redis heartbeat did not read back what was written');
    },

    async sweep() {
      await sweepExpired(ctx.redis(), clock.now());
    },

    async close() {
      if (closed) return;
      closed = true;
      await trackedReads?.close();
      if (!opts.quitOnClose) return;
      try {
        await opts.redis.quit();
      } catch {
        // Already disconnected (Redis down): drop the socket and stop reconnecting.
        opts.redis.disconnect();
      }
    },
  };
}
