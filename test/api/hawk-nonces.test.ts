/**
 * The replay cache of Hawk requests, per store: the nonce is written with the session read (one Redis round
 * trip) and only for a known session; a request that fails verification leaves no usable trace; on SQLite
 * the cache lives in memory, so a restart must still refuse what was served before it (a clean restart hands
 * the nonces over, a crash raises a timestamp floor), and a second process on the same file is refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { Hawk } from '../../tools/hawk-reference.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { freePort } from '../../tools/free-port.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { startTestServer, tempDir, type TestServer } from '../helpers/test-server.ts';

const REDIS_DB = 9;

/** The same header with another MAC: a request by someone who knows the Hawk id but not the key. */
function withBadMac(header: string): string {
  return header.replace(/mac="[^"]+"/, 'mac="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="');
}

async function get(url: string, authorization: string): Promise<{ status: number; challenge: string; text: string }> {
  const response = await fetch(`${url}/call-url`, { headers: { authorization } });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate') ?? '',
    text: await response.text(),
  };
}

function describeFailedRequests(store: 'SQLite' | 'Redis', start: () => Promise<TestServer>): void {
  void describe(`${store}: a Hawk request that fails verification`, () => {
    let server: TestServer;
    after(() => server?.close());

    void it('leaves no nonce that could refuse the genuine request with the same ts and nonce', async () => {
      server = await start();
      const bob = new LoopClient(server.url);
      await bob.register();
      const genuine = bob.hawkHeader('GET', '/call-url');
      const forged = await get(server.url, withBadMac(genuine));
      assert.equal(forged.status, 401);
      assert.match(forged.challenge, /Bad mac/);
      assert.equal((await get(server.url, genuine)).status, 200, 'the genuine request is not taken for a replay');
      const replay = await get(server.url, genuine);
      assert.equal(replay.status, 401);
      assert.match(replay.challenge, /Invalid nonce/);
    });

    void it('a stale request leaves no nonce either, and the client resynchronises from ts/tsm', async () => {
      const carol = new LoopClient(server.url);
      await carol.register();
      // Carol's clock is an hour slow: her request is refused with the server's time, signed with her key.
      const skewedSec = Math.floor(Date.now() / 1000) - 3600;
      const stale = await carol.request('GET', '/call-url', { timestampSec: skewedSec });
      assert.equal(stale.status, 401);
      const challenge = stale.headers.get('www-authenticate') ?? '';
      const ts = /ts="(\d+)"/.exec(challenge)?.[1] ?? '';
      assert.equal(/tsm="([^"]+)"/.exec(challenge)?.[1], Hawk.crypto.calculateTsMac(ts, carol.credentials));
      // She adopts the server's clock and is served.
      const again = await carol.request('GET', '/call-url', { timestampSec: Number(ts) });
      assert.equal(again.status, 200, again.text);
    });
  });
}

// Asked before any test runs: a test below blocks the event loop (spawnSync) longer than the probe waits.
const redisUp = await requireRedis('Hawk nonces on Redis');

describeFailedRequests('SQLite', () => startTestServer());

if (redisUp) {
  describeFailedRequests('Redis', async () => {
    const redis = testRedis(REDIS_DB);
    await redis.flushdb();
    redis.disconnect();
    return startTestServer({
      env: { LOOP_STORE_URL: testRedisUrl(REDIS_DB), LOOP_PUBSUB_URL: testRedisUrl(REDIS_DB) },
    });
  });

  void describe('Redis: what a Hawk request writes', () => {
    const redis = testRedis(REDIS_DB);
    let server: TestServer | undefined;
    after(async () => {
      await server?.close();
      redis.disconnect();
    });

    void it('a stranger writes nothing; a failed MAC leaves no nonce key; a served request leaves one', async () => {
      await redis.flushdb();
      server = await startTestServer({
        env: { LOOP_STORE_URL: testRedisUrl(REDIS_DB), LOOP_PUBSUB_URL: testRedisUrl(REDIS_DB) },
      });
      const bob = new LoopClient(server.url);
      await bob.register();
      const nonceKeys = async () => (await redis.keys('n:*')).length;

      const stranger = new LoopClient(server.url);
      stranger.sessionToken = 'ab'.repeat(32);
      assert.equal((await stranger.request('GET', '/call-url')).status, 401);
      assert.equal(await nonceKeys(), 0, 'an unknown Hawk id writes nothing');

      assert.equal((await get(server.url, withBadMac(bob.hawkHeader('GET', '/call-url')))).status, 401);
      assert.equal(await nonceKeys(), 0, 'a failed MAC leaves no nonce');

      assert.equal((await bob.request('GET', '/call-url')).status, 200);
      const [key] = await redis.keys('n:*');
      assert.match(key ?? '', /^n:\{[0-9a-f]+\}:\d+:/, 'one nonce, under the session hash tag, no clear Hawk id');
      const ttl = await redis.pttl(key ?? '');
      // Its timestamp passes the skew check until ts + 60 s: remembered that long (+1 s), not 2 × the skew.
      assert.ok(ttl > 50_000 && ttl <= 62_000, `expires when its timestamp goes stale (${ttl} ms)`);

      // A client whose clock runs 50 s ahead: its nonce lives until its own timestamp goes stale, and a replay
      // is refused all that time.
      const ahead = bob.hawkHeader('GET', '/call-url', { timestampSec: Math.floor(Date.now() / 1000) + 50 });
      assert.equal((await get(server.url, ahead)).status, 200);
      assert.match((await get(server.url, ahead)).challenge, /Invalid nonce/);
      const aheadTtls = await Promise.all((await redis.keys('n:*')).map((k) => redis.pttl(k)));
      assert.ok(
        Math.max(...aheadTtls) > 100_000,
        `the ahead client's nonce outlives ts + skew (${aheadTtls.join(', ')})`,
      );
    });
  });
}

void describe('SQLite: one process per database file', () => {
  void it('a second server process on the same file refuses to start, naming the holder', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess({ LOOP_DATA_DIR: dataDir }, await freePort());
    try {
      const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, PORT: String(await freePort()), HOST: '127.0.0.1', LOOP_DATA_DIR: dataDir },
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(second.status, 1, second.stderr);
      assert.match(second.stderr, new RegExp(`in use by another Loop process \\(pid ${first.child.pid}\\)`));
      assert.equal((await fetch(`${first.url}/__lbheartbeat__`)).status, 200, 'the first one serves on');
    } finally {
      await first.stop();
    }
  });

  for (const [how, expected] of [
    ['a clean restart (SIGTERM)', /Invalid nonce/],
    ['a crash (kill -9)', /ts="\d+", tsm="[^"]+", error="Stale timestamp"/],
  ] as const) {
    void it(`refuses a request replayed after ${how}; the client goes on`, async () => {
      const dataDir = tempDir();
      const port = await freePort();
      const first = await startServerProcess({ LOOP_DATA_DIR: dataDir }, port);
      const bob = new LoopClient(first.url);
      let second: Awaited<ReturnType<typeof startServerProcess>> | undefined;
      try {
        await bob.register();
        const header = bob.hawkHeader('GET', '/call-url');
        assert.equal((await get(first.url, header)).status, 200);
        if (how.includes('kill')) await first.kill9();
        else await first.stop();
        second = await startServerProcess({ LOOP_DATA_DIR: dataDir }, port);
        const replay = await get(second.url, header);
        assert.equal(replay.status, 401, replay.text);
        assert.match(replay.challenge, expected);
        assert.equal((await bob.request('GET', '/call-url')).status, 200, 'a new request is served at once');
      } finally {
        await first.stop();
        await second?.stop();
      }
    });
  }
});
