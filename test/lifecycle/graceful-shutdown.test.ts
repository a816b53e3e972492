/**
 * SIGTERM, as a supervisor or a rolling deploy sends it, to the server process (`src/main.ts`): every
 * request on a connection accepted before the signal is answered (half-sent ones, and ones not sent at
 * all yet), new connections are refused (so a proxy moves them to another instance), the pushes those
 * requests queued reach the push service before the process exits, and the store closes cleanly: SQLite's
 * WAL is checkpointed away and what was written during the drain is there after a restart; on Redis the
 * process ends with no error logged and the drain's writes are readable from another instance.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { connectionRefused, holdRequest, rawJsonRequest, type HeldRequest } from '../helpers/held-request.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { freePort } from '../../tools/free-port.ts';
import { tempDir } from '../helpers/test-server.ts';

/** Each push is answered this late: the pushes of the last calls are still in flight when the signal comes. */
const PUSH_DELAY_MS = 1500;
/** A DB number no other test file uses. */
const REDIS_DB = 11;

/** The log lines from the signal on (start-up may log a Redis connection race of its own). */
function afterSignal(logs: string): string {
  return logs.slice(Math.max(0, logs.indexOf('"signal":"SIGTERM"')));
}

/** Bob, registered with a push URL on the slow push service, and a link he made for Alice. */
async function bobWithLink(server: ServerProcess, push: SimplePushServer): Promise<{ bob: LoopClient; token: string }> {
  const bob = new LoopClient(server.url);
  await bob.register({ simplePushURLs: { calls: push.endpoint('/bob') } });
  const made = await bob.request<{ callToken: string }>('POST', '/call-url', {
    body: { callerId: 'Alice', issuer: 'Bob' },
  });
  assert.equal(made.status, 200);
  return { bob, token: made.body.callToken };
}

/**
 * Six calls on connections accepted before the signal: three with their body half sent, three with
 * nothing sent yet. Then SIGTERM; then the rest of every request. Returns the answers and the exit.
 */
async function callsAcrossTheSignal(server: ServerProcess, port: number, token: string) {
  const call = rawJsonRequest('POST', `/calls/${token}`, { callType: 'audio-video' });
  const held: HeldRequest[] = [];
  for (let i = 0; i < 3; i += 1) held.push(await holdRequest(port, call, call.length - 5));
  for (let i = 0; i < 3; i += 1) held.push(await holdRequest(port, call, 0));
  // One more call answered before the signal: its push is in flight (the push service is slow) at the signal.
  const before = await fetch(`${server.url}/calls/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ callType: 'audio' }),
  });
  assert.equal(before.status, 200);
  // The connections are accepted by the kernel at once; give the process a moment to take them too.
  await sleep(100);

  const signalledAt = Date.now();
  server.child.kill('SIGTERM');
  // Draining: a new connection is refused at once (a proxy retries it on another instance)...
  let refused = false;
  for (let waited = 0; !refused && waited < 2000; waited += 20) {
    refused = await connectionRefused(port);
    if (!refused) await sleep(20);
  }
  assert.ok(refused, 'a new connection is refused once the server drains');
  // ...while the requests on accepted connections are still answered, in full.
  const answers = await Promise.all(held.map((request) => request.finish()));
  return { answers, exit: await server.exited, signalledAt };
}

void describe('SIGTERM: a graceful stop', () => {
  const push = new SimplePushServer();
  after(() => push.stop());

  void it('SQLite: answers every accepted request, sends the queued pushes, and leaves no WAL behind', async () => {
    await push.start();
    push.delay('/bob', PUSH_DELAY_MS);
    const dataDir = tempDir();
    const port = await freePort();
    const server = await startServerProcess({ LOOP_DATA_DIR: dataDir }, port);
    const { bob, token } = await bobWithLink(server, push);

    const { answers, exit, signalledAt } = await callsAcrossTheSignal(server, port, token);
    for (const answer of answers) {
      assert.equal(answer.status, 200, `answered in full, not reset nor refused: ${answer.error ?? answer.text}`);
      assert.match(answer.text, /"callId":"[0-9a-f]{32}"/);
    }
    assert.equal(exit.code, 0, server.output());

    // Seven calls, seven pushes: all sent, all answered before the process left.
    assert.equal(push.to('/bob').length, 7);
    assert.equal(push.answeredAt.length, 7);
    assert.ok(Math.max(...push.answeredAt) <= exit.at, 'the process waited for the last push answer');
    assert.ok(exit.at - signalledAt >= PUSH_DELAY_MS - 200, 'the drain lasted as long as the slowest push');
    const logs = server.output();
    assert.equal(logs.match(/"msg":"push delivered"/g)?.length, 7, 'each push outcome is recorded');
    assert.match(logs, /"msg":"stopped: requests answered, pushes settled, store closed"/);
    assert.doesNotMatch(afterSignal(logs), /"level":(50|60)/, 'no error logged while stopping');

    // SQLite checkpointed its WAL and removed it on close, as only a clean close does...
    assert.equal(existsSync(path.join(dataDir, 'loop.sqlite-wal')), false);
    // ...and everything written during the drain is there after a restart: Bob sees all seven calls.
    const again = await startServerProcess({ LOOP_DATA_DIR: dataDir }, port);
    try {
      // Same port, same data directory (secrets): Bob's client talks to the restarted process unchanged.
      const calls = await bob.request<{ calls: unknown[] }>('GET', '/calls?version=0');
      assert.equal(calls.status, 200);
      assert.equal(calls.body.calls.length, 7);
    } finally {
      await again.stop();
    }
  });
});

if (await requireRedis('graceful stop on Redis')) {
  void describe('SIGTERM on Redis', () => {
    const push = new SimplePushServer();
    after(() => push.stop());

    void it('answers every accepted request, sends the queued pushes, and ends with no error', async () => {
      const redis = testRedis(REDIS_DB);
      await redis.flushdb();
      await push.start();
      push.delay('/bob', PUSH_DELAY_MS);
      const env = {
        LOOP_DATA_DIR: tempDir(),
        LOOP_STORE_URL: testRedisUrl(REDIS_DB),
        LOOP_PUBSUB_URL: testRedisUrl(REDIS_DB),
      };
      const port = await freePort();
      const server = await startServerProcess(env, port);
      try {
        const { bob, token } = await bobWithLink(server, push);
        const { answers, exit } = await callsAcrossTheSignal(server, port, token);
        for (const answer of answers) assert.equal(answer.status, 200, answer.error ?? answer.text);
        assert.equal(exit.code, 0, server.output());
        assert.equal(push.answeredAt.length, 7);
        assert.ok(Math.max(...push.answeredAt) <= exit.at, 'the process waited for the last push answer');
        const logs = server.output();
        assert.match(logs, /"msg":"stopped: requests answered, pushes settled, store closed"/);
        assert.doesNotMatch(
          afterSignal(logs),
          /"level":(50|60)/,
          'no error while stopping (no command on a closed connection)',
        );

        // Another process on the same Redis (and secrets) reads what the drain wrote.
        const next = await startServerProcess(env, port);
        try {
          const listed = await bob.request<{ calls: unknown[] }>('GET', '/calls?version=0');
          assert.equal(listed.body.calls.length, 7, 'the drain wrote all seven calls to Redis');
        } finally {
          await next.stop();
        }
      } finally {
        await server.stop();
        await redis.flushdb();
        redis.disconnect();
      }
    });
  });
}
