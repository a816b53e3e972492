/**
 * Two Loop server processes on one Redis (database 2, flushed first: this file owns it), as behind a load
 * balancer: whatever one instance stores, the other sees, and a Hawk request replayed to the other
 * instance is refused.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { Hawk } from '../../tools/hawk-reference.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { LOCAL_REDIS, requireRedis } from '../helpers/requirements.ts';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/test-server.ts';
import { freePort } from '../../tools/free-port.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';

const DB = 2;
/** The host name clients use for the pair, as they would for the load balancer in front of it. */
const PUBLIC_HOST = 'loop.test';

interface Instance {
  process: ServerProcess;
  url: string;
  port: number;
  dataDir: string;
}

/** One server process with a data directory of its own; ready once its heartbeat (Redis included) is 200. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const dataDir = tempDir('loop-instance-');
  const process = await startServerProcess({ ...env, LOOP_DATA_DIR: dataDir }, port);
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; (await fetch(`${url}/__heartbeat__`)).status !== 200; tries++) {
    if (tries > 100) throw new Error(`instance on ${port} never became healthy:\n${process.output()}`);
    await sleep(100);
  }
  return { process, url, port, dataDir };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance) return;
  await instance.process.stop();
  rmSync(instance.dataDir, { recursive: true, force: true });
}

/** A request to one instance carrying the load balancer's Host header, so both instances verify the same Hawk MAC. */
async function viaBalancer(
  instance: Instance,
  method: string,
  path: string,
  authorization: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: instance.port,
        method,
        path,
        headers: { host: PUBLIC_HOST, authorization, accept: 'application/json' },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

if (await requireRedis('two server instances on one Redis')) {
  void describe('two server instances on one Redis', () => {
    // Secrets are shared by every instance: the Hawk id HMAC of one must find the sessions of the other.
    const sharedSecrets = {
      LOOP_HAWK_ID_SECRET: randomBytes(32).toString('hex'),
      LOOP_USER_MAC_SECRET: randomBytes(32).toString('hex'),
      LOOP_BUILTIN_PROVIDER_SECRET: randomBytes(32).toString('hex'),
    };
    const env = {
      ...sharedSecrets,
      LOOP_STORE_URL: `redis://${LOCAL_REDIS.host}:${LOCAL_REDIS.port}/${DB}`,
      LOOP_PUBLIC_URL: `http://${PUBLIC_HOST}`,
    };
    let a: Instance;
    let b: Instance;
    let push: SimplePushServer;

    before(async () => {
      const redis = new Redis({ ...LOCAL_REDIS, db: DB, lazyConnect: true });
      await redis.connect();
      await redis.flushdb();
      await redis.quit();
      push = await new SimplePushServer().start();
      [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    });
    after(async () => {
      await Promise.all([stopInstance(a), stopInstance(b)]);
      await push.stop();
    });

    void it('walks a link call across the two instances', async () => {
      const bobOnA = new LoopClient(a.url);
      assert.equal((await bobOnA.register()).status, 200);
      const registered = await bobOnA.request('POST', '/registration', {
        body: { simplePushURLs: { calls: push.endpoint('/bob/calls') } },
      });
      assert.equal(registered.status, 200);
      const link = await bobOnA.request<{ callToken: string }>('POST', '/call-url', {
        body: { callerId: 'Alice', issuer: 'Bob' },
      });
      assert.equal(link.status, 200);
      const { callToken } = link.body;

      // Alice's click lands on B, which finds the link A stored and wakes Bob's device A registered.
      const call = await new LoopClient(b.url).request<{ callId: string }>('POST', `/calls/${callToken}`, {
        body: { callType: 'audio-video' },
      });
      assert.equal(call.status, 200, call.text);
      const [pushed] = await push.waitFor(1);
      assert.equal(pushed?.path, '/bob/calls');

      // Bob lists his calls on A and sees the call B created.
      const listed = await bobOnA.request<{ calls: Array<{ callId: string; callToken: string }> }>(
        'GET',
        '/calls?version=0',
      );
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.calls.map((c) => [c.callId, c.callToken]),
        [[call.body.callId, callToken]],
      );

      // Bob revokes the link through B; A refuses it from then on.
      const bobOnB = new LoopClient(b.url);
      bobOnB.sessionToken = bobOnA.sessionToken;
      assert.equal((await bobOnB.request('DELETE', `/call-url/${callToken}`)).status, 204);
      const refused = await new LoopClient(a.url).request<{ errno: number }>('POST', `/calls/${callToken}`, {
        body: { callType: 'audio' },
      });
      assert.equal(refused.status, 404);
      assert.equal(refused.body.errno, 105);
    });

    void it('refuses on A, within the invalidation latency, a link A had cached and B revoked', async () => {
      const bobOnA = new LoopClient(a.url);
      await bobOnA.register();
      const link = await bobOnA.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } });
      const { callToken } = link.body;
      // A reads the link twice: the second answer comes from its client cache (LOOP_REDIS_CACHE_ENTRIES).
      for (let i = 0; i < 2; i++) assert.equal((await fetch(`${a.url}/calls/${callToken}`)).status, 200);

      const bobOnB = new LoopClient(b.url);
      bobOnB.sessionToken = bobOnA.sessionToken;
      assert.equal((await bobOnB.request('DELETE', `/call-url/${callToken}`)).status, 204);
      const revokedAt = performance.now();
      let status = 200;
      while (status === 200 && performance.now() - revokedAt < 2000)
        status = (await fetch(`${a.url}/calls/${callToken}`)).status;
      const latencyMs = performance.now() - revokedAt;
      assert.equal(status, 404, `A still served the revoked link ${latencyMs.toFixed(0)} ms later`);
      // Redis pushes the invalidation while it deletes the key: a few ms on a loaded machine, not seconds.
      assert.ok(latencyMs < 1000, `refused only after ${latencyMs.toFixed(0)} ms`);
    });

    void it('refuses on B a Hawk request A already accepted (shared nonce store)', async () => {
      const bob = new LoopClient(a.url);
      await bob.register();
      const sign = () =>
        Hawk.client.header(`http://${PUBLIC_HOST}/calls?version=0`, 'GET', { credentials: bob.credentials }).header;

      const header = sign();
      assert.equal((await viaBalancer(a, 'GET', '/calls?version=0', header)).status, 200);
      const replayed = await viaBalancer(b, 'GET', '/calls?version=0', header);
      assert.equal(replayed.status, 401, replayed.body);
      assert.match(replayed.body, /nonce/i);
      // The same session with a fresh nonce is fine on B: it was the replay that was refused.
      assert.equal((await viaBalancer(b, 'GET', '/calls?version=0', sign())).status, 200);
    });
  });
}
