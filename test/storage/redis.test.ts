/**
 * The store contract on a standalone Redis (127.0.0.1:6379, database 1, flushed before each test: this file
 * owns DB 1), through the same connection settings the server uses, plus Redis-specific checks: every key
 * has a TTL that matches what it holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pino from 'pino';
import { openRedisConnection, waitUntilReady } from '../../src/storage/redis/connect.ts';
import { openRedisStore } from '../../src/storage/redis/redis-store.ts';
import type { RedisConnection } from '../../src/storage/redis/scripts.ts';
import type { Store } from '../../src/storage/store.ts';
import { runStoreContract } from '../contract/store.contract.ts';
import { aCall, aCallUrl, aSession } from '../helpers/factories.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { LOCAL_REDIS, requireRedis } from '../helpers/requirements.ts';

const DB = 1;
const silent = pino({ level: 'silent' });

async function connect(): Promise<RedisConnection> {
  const redis = openRedisConnection(
    { kind: 'redis', node: LOCAL_REDIS, db: DB, tls: false },
    { commandTimeoutMs: 2000, reconnectMaxMs: 200 },
    silent,
  );
  await waitUntilReady(redis, 5000);
  return redis;
}

if (await requireRedis('Redis store')) {
  runStoreContract(
    'redis',
    async (clock) => {
      const redis = await connect();
      await redis.flushdb();
      return openRedisStore({ redis, clock, quitOnClose: true });
    },
    {
      reopen: async (store, clock) => {
        await store.close();
        return openRedisStore({ redis: await connect(), clock, quitOnClose: true });
      },
    },
  );

  void describe('Redis store specifics', () => {
    let inspect: Redis;
    let store: Store;
    const clock = new ManualClock();
    before(async () => {
      inspect = new Redis({ ...LOCAL_REDIS, db: DB, lazyConnect: true });
      await inspect.connect();
      await inspect.flushdb();
      store = openRedisStore({ redis: await connect(), clock, quitOnClose: true });
    });
    after(async () => {
      await store.close();
      await inspect.quit();
    });

    void it('gives every key it writes a TTL that matches the record', async () => {
      const session = aSession({ userMac: 'alice', expiresAt: clock.now() + 3_600_000 }, clock);
      const link = aCallUrl({ user: 'alice' }, clock);
      const call = aCall(
        { user: 'alice', expiresAt: clock.now() + 60_000, nextDeadlineAt: clock.now() + 30_000 },
        clock,
      );
      await store.sessions.create(session);
      await store.callUrls.create(link);
      await store.calls.create(call);
      await store.pushEndpoints.setForDevice(
        'alice',
        session.hawkIdHmac,
        { calls: 'https://push/c' },
        session.expiresAt,
      );
      await store.nonces.remember('id:nonce', clock.now() + 120_000);
      await store.ping();

      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await inspect.scan(cursor, 'COUNT', 100);
        cursor = next;
        found.push(...batch);
      } while (cursor !== '0');
      assert.ok(found.length >= 9, `expected every resource's keys, found ${found.join(', ')}`);
      for (const key of found) {
        const ttl = await inspect.pttl(key);
        assert.ok(ttl > 0, `${key} has no TTL (${ttl})`);
      }
      const near = (key: string, expected: number) => async () => {
        const ttl = await inspect.pttl(key);
        assert.ok(Math.abs(ttl - expected) < 5000, `${key}: TTL ${ttl} ms, expected about ${expected}`);
      };
      await near(`c:{${call.callId}}`, 60_000)();
      await near(`cs:{${call.sessionId}}`, 60_000)();
      await near(`uc:{alice}`, 60_000)();
      await near(`s:{${session.hawkIdHmac}}`, 3_600_000)();
      await near(`n:id:nonce`, 120_000)();
      await near('cdl', 30_000 + 60_000)();
    });

    void it('finds a call by session only when the record names that session (the entry is written first)', async () => {
      await inspect.flushdb();
      const call = aCall({ sessionId: 'RM_real' }, clock);
      await store.calls.create(call);
      assert.equal(
        await inspect.get(`cs:{RM_real}`),
        `${call.callId}\n${call.expiresAt}\n`,
        'the entry is a record owned by the callId',
      );
      // A crash between the entry and the record, or an entry naming a call of another session.
      const expiresAt = clock.now() + 60_000;
      await inspect.set('cs:{RM_orphan}', `${'f'.repeat(32)}\n${expiresAt}\n`, 'PX', 60_000);
      await inspect.set('cs:{RM_forged}', `${call.callId}\n${expiresAt}\n`, 'PX', 60_000);
      assert.equal(await store.calls.findBySessionId('RM_orphan'), null);
      assert.equal(await store.calls.findBySessionId('RM_forged'), null);
      assert.deepEqual(await store.calls.findBySessionId('RM_real'), call);
      await store.calls.deleteForUser(call.user);
      assert.equal(await inspect.exists('cs:{RM_real}'), 0, 'deleting the call deletes its session entry');
    });

    void it('the call-deadline index heals entries that disagree with their record', async () => {
      await inspect.flushdb();
      const call = aCall({ nextDeadlineAt: clock.now() + 10_000 }, clock);
      await store.calls.create(call);
      // A crash between the index write and the record write leaves entries like these behind.
      await inspect.zadd('cdl', clock.now() - 5_000, call.callId);
      await inspect.zadd('cdl', clock.now() - 9_000, 'f'.repeat(32));
      assert.deepEqual(await store.calls.listDue(clock.now(), 10), [], 'neither the early score nor the ghost is due');
      assert.deepEqual(await inspect.zrange('cdl', '0', '-1', 'WITHSCORES'), [
        call.callId,
        String(clock.now() + 10_000),
      ]);
      await inspect.zadd('cdl', clock.now() - 1, 'e'.repeat(32));
      assert.equal(await store.calls.nextDeadline(), clock.now() + 10_000);
      assert.equal(await inspect.zcard('cdl'), 1);
    });
  });
}
