/**
 * The call links' client cache on Redis (src/storage/redis/tracked-reads.ts), on a real redis-server
 * (127.0.0.1:6379, database 10, flushed: this file owns it). Two stores share the database as two instances
 * would: one caches, the other writes. Also the store contract with the cache on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pino from 'pino';
import { openRedisConnection, waitUntilReady } from '../../src/storage/redis/connect.ts';
import { keys } from '../../src/storage/redis/keys.ts';
import { openRedisStore } from '../../src/storage/redis/redis-store.ts';
import type { Store } from '../../src/storage/store.ts';
import { runStoreContract } from '../contract/store.contract.ts';
import { aCallUrl } from '../helpers/factories.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { LOCAL_REDIS, requireRedis } from '../helpers/requirements.ts';

const DB = 10;
const silent = pino({ level: 'silent' });

function connect(): Promise<Redis> {
  const redis = openRedisConnection(
    { kind: 'redis', node: LOCAL_REDIS, db: DB, tls: false },
    { commandTimeoutMs: 2000, reconnectMaxMs: 100 },
    silent,
  ) as Redis;
  return waitUntilReady(redis, 5000).then(() => redis);
}

async function cachingStore(clock: ManualClock): Promise<Store> {
  const clientCache = { maxEntries: 100, maxAgeMs: 60_000, log: silent };
  return openRedisStore({ redis: await connect(), clock, quitOnClose: true, clientCache });
}

/** Waits until the condition holds, polling; false when it never did within the time. */
async function eventually(condition: () => Promise<boolean>, withinMs = 2000): Promise<boolean> {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    if (await condition()) return true;
    await sleep(5);
  }
  return condition();
}

if (await requireRedis('Redis client cache')) {
  runStoreContract('redis with the client cache', async (clock) => {
    const redis = await connect();
    await redis.flushdb();
    const clientCache = { maxEntries: 100, maxAgeMs: 60_000, log: silent };
    return openRedisStore({ redis, clock, quitOnClose: true, clientCache });
  });

  void describe('Redis client cache of call links', () => {
    const clock = new ManualClock();
    let inspect: Redis;
    let cached: Store;
    let other: Store;
    before(async () => {
      inspect = new Redis({ ...LOCAL_REDIS, db: DB, lazyConnect: true });
      await inspect.connect();
      await inspect.flushdb();
      cached = await cachingStore(clock);
      other = openRedisStore({ redis: await connect(), clock, quitOnClose: true });
      // Tracking is on once both connections are up.
      assert.ok(await eventually(async () => (await trackingClients()).length > 0), 'tracking never turned on');
    });
    after(async () => {
      await cached.close();
      await other.close();
      await inspect.quit();
    });

    /** CLIENT LIST lines of connections with tracking on (flag t), with their redirect id. */
    async function trackingClients(): Promise<Array<{ id: string; redirect: string }>> {
      const list = (await inspect.client('LIST')) as string;
      return list
        .split('\n')
        .filter((line) => / flags=\S*t/.test(line) && / db=10 /.test(line))
        .map((line) => ({ id: /\bid=(\d+)/.exec(line)?.[1] ?? '', redirect: /\bredir=(-?\d+)/.exec(line)?.[1] ?? '' }));
    }

    const keyspaceHits = async () => Number(/keyspace_hits:(\d+)/.exec(await inspect.info('stats'))?.[1]);
    /** True when a second read of the link reaches Redis no more: it came from the cache. */
    async function servedLocally(token: string): Promise<boolean> {
      await cached.callUrls.get(token);
      const hits = await keyspaceHits();
      await cached.callUrls.get(token);
      return (await keyspaceHits()) === hits;
    }

    void it('serves a link from the cache, and drops it when another store changes or deletes it', async () => {
      const link = aCallUrl({}, clock);
      await other.callUrls.create(link);
      assert.deepEqual(await cached.callUrls.get(link.token), link);
      // The second read is the local copy: Redis counts no lookup for it.
      const hits = await keyspaceHits();
      assert.deepEqual(await cached.callUrls.get(link.token), link);
      assert.equal(await keyspaceHits(), hits, 'no GET reached Redis');

      const renamed = { ...link, issuer: 'Someone else' };
      assert.equal(await other.callUrls.update(renamed), true);
      assert.ok(await eventually(async () => (await cached.callUrls.get(link.token))?.issuer === 'Someone else'));

      await other.callUrls.delete(link.token);
      assert.ok(await eventually(async () => (await cached.callUrls.get(link.token)) === null), 'revoked link served');
    });

    void it('a copy expires with the clock, whatever Redis says', async () => {
      const link = aCallUrl({ expiresSec: Math.floor(clock.now() / 1000) + 10 }, clock);
      await other.callUrls.create(link);
      assert.deepEqual(await cached.callUrls.get(link.token), link);
      clock.advance(11_000);
      assert.equal(await cached.callUrls.get(link.token), null);
    });

    void it('after the invalidation connection is killed, serves nothing stale, then caches again', async () => {
      const link = aCallUrl({}, clock);
      await other.callUrls.create(link);
      assert.deepEqual(await cached.callUrls.get(link.token), link);
      const [tracking] = await trackingClients();
      assert.ok(tracking, 'a tracking connection');
      await inspect.client('KILL', 'ID', tracking.redirect);
      // The invalidation of this delete goes nowhere: the connection that would carry it is gone.
      await other.callUrls.delete(link.token);
      assert.ok(
        await eventually(async () => (await cached.callUrls.get(link.token)) === null, 500),
        'the cache served a link deleted while its invalidations were cut off',
      );

      // Back on a new redirect, with tracking on again: a new link is cached and invalidated as before.
      assert.ok(
        await eventually(async () => (await trackingClients()).some((c) => c.redirect !== tracking.redirect)),
        'tracking never came back',
      );
      const next = aCallUrl({}, clock);
      await other.callUrls.create(next);
      assert.ok(await eventually(() => servedLocally(next.token)), 'the cache never served again');
      await other.callUrls.delete(next.token);
      assert.ok(await eventually(async () => (await cached.callUrls.get(next.token)) === null), 'revoked link served');
    });

    void it('after the tracked reading connection is killed, serves nothing stale', async () => {
      const link = aCallUrl({}, clock);
      await other.callUrls.create(link);
      await cached.callUrls.get(link.token);
      const [tracking] = await trackingClients();
      assert.ok(tracking);
      await inspect.client('KILL', 'ID', tracking.id);
      await sleep(50);
      await inspect.set(keys.callUrl(link.token), 'garbage', 'PX', 60_000);
      await inspect.del(keys.callUrl(link.token));
      assert.ok(await eventually(async () => (await cached.callUrls.get(link.token)) === null, 500));

      // Tracking on again on the new reading connection, still redirected to the live subscriber.
      assert.ok(await eventually(async () => (await trackingClients()).some((c) => c.id !== tracking.id)));
      const next = aCallUrl({}, clock);
      await other.callUrls.create(next);
      assert.ok(await eventually(() => servedLocally(next.token)), 'the cache never served again');
      await other.callUrls.delete(next.token);
      assert.ok(await eventually(async () => (await cached.callUrls.get(next.token)) === null), 'revoked link served');
    });
  });
}
