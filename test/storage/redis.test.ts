/**
 * The store contract on a standalone Redis (127.0.0.1:6379, database 1, flushed before each test: this file
 * owns DB 1), through the same connection settings the server uses, plus Redis-specific checks: every key
 * has a TTL that matches what it holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { openRedisConnection, waitUntilReady } from '../../src/storage/redis/connect.ts';
import { packHex } from '../../src/storage/redis/packed-hex.ts';
import { openRedisStore } from '../../src/storage/redis/redis-store.ts';
import type { RedisConnection } from '../../src/storage/redis/scripts.ts';
import type { Store } from '../../src/storage/store.ts';
import { runStoreContract } from '../contract/store.contract.ts';
import { aCall, aCallUrl, aSession } from '../helpers/factories.ts';
import { aParticipant, aRoom } from '../helpers/room-factories.ts';
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

    void it('gives every rooms key a TTL: room and list the room expiry, indexes and markers their last member', async () => {
      await inspect.flushdb();
      const now = clock.now();
      const room = aRoom({ user: 'alice', expiresAtSec: Math.floor(now / 1000) + 7200 }, clock);
      const gone = aRoom({ user: 'alice' }, clock);
      await store.rooms.create(room);
      await store.rooms.create(gone);
      const guest = aParticipant(room.roomToken, { expiresAt: now + 300_000 }, clock);
      const left = aParticipant(room.roomToken, { expiresAt: now + 300_000 }, clock);
      assert.equal(await store.rooms.addParticipant(guest, 0), 'added');
      assert.equal(await store.rooms.addParticipant(left, 1), 'added');
      assert.equal(await store.rooms.removeParticipant(room.roomToken, left.participantHmac), true);
      assert.equal(await store.rooms.refreshParticipant(room.roomToken, guest.participantHmac, now + 600_000), true);
      assert.ok(await store.rooms.delete(gone.roomToken, Math.floor(now / 1000), now + 1_620_000));

      const found = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await inspect.scan(cursor, 'COUNT', 100);
        cursor = next;
        for (const key of batch) found.add(key);
      } while (cursor !== '0');
      const expected = [`r:{${room.roomToken}}`, `rp:{${room.roomToken}}`, 'ur:{alice}', 'rd:{alice}', 'rdl'];
      assert.deepEqual([...found].sort(), [...expected].sort(), 'the deleted room leaves only its marker');
      const ttl = async (key: string) => inspect.pttl(key);
      const near = async (key: string, expected: number) => {
        const actual = await ttl(key);
        assert.ok(Math.abs(actual - expected) < 5000, `${key}: TTL ${actual} ms, expected about ${expected}`);
      };
      await near(`r:{${room.roomToken}}`, 7_200_000);
      await near('ur:{alice}', 7_200_000);
      await near('rd:{alice}', 1_620_000);
      // The list outlives the room by at most a day past its last deadline, never less than the room.
      await near(`rp:{${room.roomToken}}`, 600_000 + 24 * 3_600_000);
      await near('rdl', 600_000 + 24 * 3_600_000);
      assert.deepEqual(await inspect.zrange('rdl', '0', '-1', 'WITHSCORES'), [
        `${room.roomToken}:${guest.participantHmac}`,
        String(now + 600_000),
      ]);

      // A touch moves the room, its index entry and (never shorter than the room) its list.
      const later = Math.floor(now / 1000) + 48 * 3600;
      assert.ok(await store.rooms.touch(room.roomToken, Math.floor(now / 1000), later));
      await near(`r:{${room.roomToken}}`, 48 * 3_600_000);
      await near('ur:{alice}', 48 * 3_600_000);
      await near(`rp:{${room.roomToken}}`, 48 * 3_600_000);
    });

    void it('the participant-deadline index heals entries that disagree with the participant list', async () => {
      await inspect.flushdb();
      const room = aRoom({}, clock);
      await store.rooms.create(room);
      const guest = aParticipant(room.roomToken, { expiresAt: clock.now() + 10_000 }, clock);
      assert.equal(await store.rooms.addParticipant(guest, 0), 'added');
      const entry = `${room.roomToken}:${guest.participantHmac}`;
      // A crash between the index write and the list write (a join, or a refresh on a Cluster).
      await inspect.zadd('rdl', clock.now() - 5_000, entry);
      await inspect.zadd('rdl', clock.now() - 9_000, `${room.roomToken}:ghost`);
      assert.deepEqual(await store.rooms.listDueParticipants(clock.now(), 10), [], 'neither is due');
      assert.deepEqual(await inspect.zrange('rdl', '0', '-1', 'WITHSCORES'), [entry, String(guest.expiresAt)]);
      await inspect.zadd('rdl', clock.now() - 1, `${room.roomToken}:other-ghost`);
      assert.equal(await store.rooms.nextParticipantDeadline(), guest.expiresAt);
      assert.equal(await inspect.zcard('rdl'), 1);
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

    void it('reads and manages links and calls with keyed-hash owners, packed or stored before packing', async () => {
      await inspect.flushdb();
      const hex = () => randomBytes(32).toString('hex');
      const [alice, bob, carol] = [hex(), hex(), hex()];
      const link = aCallUrl({ user: alice }, clock);
      const ws = { wsCallerToken: randomBytes(16).toString('hex'), wsCalleeToken: randomBytes(16).toString('hex') };
      const call = aCall({ user: alice, ...ws }, clock);
      const direct = aCall({ user: alice }, clock);
      await store.callUrls.create(link);
      await store.calls.create(call);
      await store.calls.createForCallees(direct, [alice, bob]);
      const stored = (await inspect.get(`c:{${call.callId}}`)) ?? '';
      assert.ok(stored.startsWith(`${packHex(alice)}\n`), 'the owner is stored packed');
      assert.ok(!stored.includes(alice) && !stored.includes(ws.wsCallerToken), 'no id in plain hex');
      const data = JSON.parse(stored.slice(stored.indexOf('\n', stored.indexOf('\n') + 1) + 1)) as unknown[];
      assert.equal(data.length, 15, 'a new call stores none of its progress fields (all defaults)');

      // A link and a call as the previous encoding wrote them: plain hex owner, every field present.
      const oldLink = aCallUrl({ user: alice }, clock);
      const oldCall = aCall({ user: alice, ...ws }, clock);
      await inspect.zadd(`uu:{${alice}}`, oldLink.expiresSec * 1000, oldLink.token);
      await inspect.set(
        `u:{${oldLink.token}}`,
        `${alice}\n${oldLink.expiresSec * 1000}\n${JSON.stringify([oldLink.callerId, oldLink.issuer, null, oldLink.timestampSec])}`,
        'PX',
        3_600_000,
      );
      const c = oldCall;
      const oldData = [c.callType, c.subject, c.timestampSec, c.callerId, c.calleeFriendlyName, c.provider, c.apiKey];
      oldData.push(c.sessionId, c.calleeToken, c.wsCallerToken, c.wsCalleeToken, c.callToken, c.urlCreationDateSec);
      oldData.push(c.state, c.reason, null, 0, 0, 0, 0, null, null, null, null);
      await inspect.zadd(`uc:{${alice}}`, c.expiresAt, c.callId);
      await inspect.set(`cs:{${c.sessionId}}`, `${c.callId}\n${c.expiresAt}\n`, 'PX', 3_600_000);
      await inspect.set(`c:{${c.callId}}`, `${alice}\n${c.expiresAt}\n${JSON.stringify(oldData)}`, 'PX', 3_600_000);

      assert.deepEqual(await store.callUrls.get(link.token), link);
      assert.deepEqual(await store.callUrls.get(oldLink.token), oldLink);
      assert.deepEqual(await store.calls.get(call.callId), call);
      assert.deepEqual(await store.calls.get(oldCall.callId), oldCall);
      assert.deepEqual(await store.calls.findBySessionId(oldCall.sessionId), oldCall);
      assert.deepEqual(await store.calls.listCallees(direct.callId), [alice, bob]);
      assert.deepEqual(
        (await store.callUrls.listForUser(alice)).map((l) => l.token).sort(),
        [link.token, oldLink.token].sort(),
      );
      assert.deepEqual(
        (await store.calls.listForUser(alice, 0)).map((l) => l.callId).sort(),
        [call.callId, direct.callId, oldCall.callId].sort(),
      );
      assert.deepEqual(
        (await store.calls.listForUser(bob, 0)).map((l) => l.callId),
        [direct.callId],
      );

      // Moving alice's things to carol, then deleting them: old and new records alike.
      await store.callUrls.reassignUser(alice, carol);
      await store.calls.reassignUser(alice, carol);
      assert.deepEqual((await store.callUrls.get(oldLink.token))?.user, carol);
      assert.deepEqual((await store.calls.get(oldCall.callId))?.user, carol);
      assert.deepEqual(await store.calls.listCallees(direct.callId), [carol, bob]);
      await store.callUrls.deleteForUser(carol);
      await store.calls.deleteForUser(carol);
      assert.equal(await store.callUrls.get(link.token), null);
      assert.equal(await store.callUrls.get(oldLink.token), null);
      assert.equal(await store.calls.get(oldCall.callId), null);
      assert.deepEqual(await store.calls.listCallees(direct.callId), [bob], "the direct call stays bob's");

      // Deleting a link stored before packing, by its token.
      const older = aCallUrl({ user: bob }, clock);
      await inspect.set(`u:{${older.token}}`, `${bob}\n${older.expiresSec * 1000}\n["x","y",null,1]`, 'PX', 3_600_000);
      await inspect.zadd(`uu:{${bob}}`, older.expiresSec * 1000, older.token);
      await store.callUrls.delete(older.token);
      assert.equal(await inspect.exists(`u:{${older.token}}`), 0);
      assert.equal(await inspect.zscore(`uu:{${bob}}`, older.token), null);
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
