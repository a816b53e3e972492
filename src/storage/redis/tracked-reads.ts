/**
 * Server-assisted client-side caching of hot record reads (a link check reads its `u:{token}` record on every
 * `GET /calls/{token}`). Reads go through their own connection with `CLIENT TRACKING ON REDIRECT <id>`: Redis
 * remembers the keys it read and, when one changes or expires (from any client, any instance), pushes its
 * name to `__redis__:invalidate` on a second connection, which drops the local copy (a redirect: ioredis
 * does not surface RESP3 `invalidate` pushes).
 *
 * What keeps it from ever serving stale data for longer than the invalidation's latency:
 * - a read that an invalidation (of any key) or a local write overtook is not cached (the `epoch`);
 * - when either connection closes, tracking is gone (Redis forgets it, messages are lost): the cache is
 *   flushed and bypassed until both are back and tracking is on again;
 * - `FLUSHDB`/`FLUSHALL` (a null invalidation) flush everything;
 * - every copy also has a maximum age, for a connection that goes silent without closing.
 * The cache is bounded (LRU). Only a single Redis node: on a Cluster tracking is per node (not done here).
 */
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface TrackedReadsOptions {
  /** Most keys held; the least recently used goes first. */
  maxEntries: number;
  /** Longest a copy is served without Redis's word (a silent network partition). */
  maxAgeMs: number;
}

export interface TrackedReads {
  /** The string at `key`: the local copy while Redis has not invalidated it, else a GET (then cached). */
  get(key: string): Promise<string | null>;
  /** Drops the local copy after this instance wrote the key (its own invalidation arrives later). */
  forget(key: string): void;
  /** True while invalidations are flowing and copies are served. */
  readonly active: boolean;
  close(): Promise<void>;
}

const INVALIDATE_CHANNEL = '__redis__:invalidate';

export function openTrackedReads(base: Redis, options: TrackedReadsOptions, log: Logger): TrackedReads {
  const cache = new LRUCache<string, string>({ max: options.maxEntries, ttl: options.maxAgeMs });
  // Connections of their own: tracking then covers only the keys read here, and the subscriber is free to
  // stay in subscribe mode. Their own reconnection handles re-arming (below).
  const reader = base.duplicate({ enableAutoPipelining: true });
  // RESP2 for the subscriber: the invalidations then arrive as pub/sub messages, which ioredis hands over
  // (in RESP3 they are `invalidate` pushes, which it drops).
  const subscriber = base.duplicate({ autoResubscribe: false, enableAutoPipelining: false, protocol: 2 });
  let active = false;
  let closed = false;
  /** Moves on every invalidation and local forget: a read that saw it move is not cached. */
  let epoch = 0;
  /** The subscriber's CLIENT ID once it listens (asked before subscribing: a subscribed RESP2 connection can't). */
  let subscriberId: number | null = null;
  /** Arming steps run one after another, in the order the connections came up. */
  let arming: Promise<void> = Promise.resolve();

  const stop = (why: string) => {
    if (active) log.warn({ why }, 'redis client cache off until its connections are back');
    active = false;
    epoch++;
    cache.clear();
  };

  async function listen(): Promise<void> {
    subscriberId = null;
    const id = (await subscriber.client('ID')) as number;
    await subscriber.subscribe(INVALIDATE_CHANNEL);
    subscriberId = id;
  }
  /** Tracking on the reader, redirected to the subscriber as it is now (OFF first: a redirect may have died). */
  async function track(): Promise<void> {
    if (closed || subscriberId === null || reader.status !== 'ready' || subscriber.status !== 'ready') return;
    await reader.client('TRACKING', 'OFF');
    await reader.client('TRACKING', 'ON', 'REDIRECT', String(subscriberId));
    if (closed || reader.status !== 'ready' || subscriber.status !== 'ready') return;
    epoch++;
    cache.clear();
    active = true;
  }
  const then = (step: () => Promise<void>) => {
    arming = arming.then(step).catch((error: unknown) => {
      stop('arming failed');
      log.warn({ err: error }, 'redis client cache could not turn tracking on; off until a reconnection');
    });
  };

  subscriber.on('messageBuffer', (channel: Buffer, message: unknown) => {
    if (channel.toString() !== INVALIDATE_CHANNEL) return;
    epoch++;
    if (Array.isArray(message)) for (const key of message) cache.delete(String(key));
    else cache.clear(); // null: the whole database was flushed
  });
  for (const connection of [reader, subscriber]) {
    connection.on('close', () => stop('connection closed'));
    // Logged by the main connection's own handlers when Redis is down; ioredis reconnects by itself.
    connection.on('error', (error: Error) => log.debug({ err: error }, 'redis client cache connection error'));
  }
  subscriber.on('ready', () => {
    stop('reconnected');
    then(async () => {
      await listen();
      await track();
    });
  });
  reader.on('ready', () => {
    stop('reconnected');
    then(track);
  });

  return {
    get active() {
      return active;
    },
    async get(key) {
      if (!active) return base.get(key);
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const seen = epoch;
      const value = await reader.get(key);
      if (value !== null && active && epoch === seen) cache.set(key, value);
      return value;
    },
    forget(key) {
      epoch++;
      cache.delete(key);
    },
    async close() {
      closed = true;
      active = false; // no warning: nothing is wrong
      stop('closed');
      reader.disconnect();
      subscriber.disconnect();
    },
  };
}
