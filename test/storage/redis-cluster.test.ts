/**
 * The store contract on a real Redis Cluster: three masters on ports 7101-7103 that this file starts
 * (redis-server --cluster-enabled yes, joined by `redis-cli --cluster create`) and tears down. Every test
 * starts from empty masters. Also checks that keys written together share a slot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster } from 'ioredis';
import pino from 'pino';
import { openRedisConnection, waitUntilReady } from '../../src/storage/redis/connect.ts';
import { keys } from '../../src/storage/redis/keys.ts';
import { openRedisStore } from '../../src/storage/redis/redis-store.ts';
import type { RedisConnection } from '../../src/storage/redis/scripts.ts';
import { runStoreContract } from '../contract/store.contract.ts';
import { RedisClusterProcesses } from '../helpers/redis-server.ts';
import { requireRedisBinaries } from '../helpers/requirements.ts';

const PORTS = [7101, 7102, 7103] as const;

if (requireRedisBinaries('Redis Cluster store')) {
  const cluster = new RedisClusterProcesses(PORTS);
  before(async () => {
    await cluster.start();
  });
  after(async () => {
    await cluster.destroy();
  });

  async function connect(): Promise<RedisConnection> {
    const connection = openRedisConnection(
      { kind: 'redis-cluster', nodes: PORTS.map((port) => ({ host: '127.0.0.1', port })), tls: false },
      { commandTimeoutMs: 2000, reconnectMaxMs: 200 },
      pino({ level: 'silent' }),
    );
    await waitUntilReady(connection, 10_000);
    return connection;
  }

  runStoreContract(
    'redis cluster',
    async (clock) => {
      const connection = (await connect()) as Cluster;
      await Promise.all(connection.nodes('master').map((node) => node.flushall()));
      return openRedisStore({ redis: connection, clock, quitOnClose: true });
    },
    {
      reopen: async (store, clock) => {
        await store.close();
        return openRedisStore({ redis: await connect(), clock, quitOnClose: true });
      },
    },
  );

  void describe('Redis Cluster specifics', () => {
    void it('spreads keys over the three masters', async () => {
      const connection = (await connect()) as Cluster;
      try {
        assert.equal(connection.nodes('master').length, 3);
        const store = openRedisStore({ redis: connection, clock: { now: () => Date.now() } });
        assert.equal(store.kind, 'redis-cluster');
        await store.ping();
      } finally {
        await connection.quit();
      }
    });

    void it("puts every per-user key in the user's slot, and a session of an anonymous user with them", async () => {
      const connection = (await connect()) as Cluster;
      try {
        const node = connection.nodes('master')[0];
        assert.ok(node);
        const slot = (key: string) => node.cluster('KEYSLOT', key);
        const user = 'a1b2c3d4e5f6';
        const userKeys = [
          keys.userSessions(user),
          keys.pushEndpoints(user),
          keys.userCallUrls(user),
          keys.userCalls(user),
          keys.userRooms(user),
          keys.roomDeletions(user),
          keys.session(user),
        ];
        const slots = await Promise.all(userKeys.map(slot));
        assert.equal(
          new Set(slots).size,
          1,
          `slots: ${userKeys.map((key, i) => `${key}=${String(slots[i])}`).join(', ')}`,
        );
      } finally {
        await connection.quit();
      }
    });

    void it('puts a room and its participant list in one slot (a join is one single-slot script)', async () => {
      const connection = (await connect()) as Cluster;
      try {
        const node = connection.nodes('master')[0];
        assert.ok(node);
        const token = 'Zx9_aB3-kLm';
        assert.equal(
          await node.cluster('KEYSLOT', keys.room(token)),
          await node.cluster('KEYSLOT', keys.roomParticipants(token)),
        );
      } finally {
        await connection.quit();
      }
    });
  });
}
