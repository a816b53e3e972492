/**
 * What the logs hold. A whole run at LOG_LEVEL=trace (sessions, Hawk requests, links, calls, the progress
 * websocket, the cancel route, push registration, refusals) with the production logger options: none of the
 * run's tokens, keys or secrets appears in the log. Path segments that are capabilities are masked (the cancel
 * route's callId was not). On Redis, a start logs no "cannot read call deadlines" (the first read used to run
 * before the connection was ready).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import pino from 'pino';
import { deriveHawkCredentials } from '../../src/auth/session-token.ts';
import { loggerOptions } from '../../src/observability/logger.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { alertingCall } from '../helpers/progress-client.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import { startTestServer } from '../helpers/test-server.ts';

const redisUp = await requireRedis('no spurious deadline error on a Redis start');

function captureLog(level: 'trace' | 'info'): { log: pino.Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: pino(loggerOptions(level), sink), text: () => text };
}

void describe('logs', () => {
  void it('a full run at trace level writes none of its tokens, keys and secrets', async () => {
    const capture = captureLog('trace');
    const push = await new SimplePushServer().start();
    const server = await startTestServer({ log: capture.log, env: { LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE: '50' } });
    const secrets: string[] = [];
    try {
      const { call, caller, callee } = await alertingCall(server.url);
      const bob = call.bob;
      assert.ok(bob.sessionToken);
      const pushUrl = push.endpoint(`/bob-device-${'p'.repeat(20)}`);
      assert.equal(
        (await bob.request('POST', '/registration', { body: { simplePushURLs: { calls: pushUrl } } })).status,
        200,
      );
      const links = await bob.request<Array<{ callToken: string }>>('GET', '/call-url');
      caller.action('terminate', 'cancel');
      await Promise.all([caller.waitClosed(), callee.waitClosed()]).catch(() => {});
      // A second call, cancelled through the HTTP route (callId in the path, websocketToken in the body).
      const alice = new LoopClient(server.url);
      const linkToken = links.body[0]?.callToken ?? '';
      const second = await alice.request<{ callId: string; websocketToken: string; sessionToken: string }>(
        'POST',
        `/calls/${linkToken}`,
        { body: { callType: 'audio' } },
      );
      assert.equal(second.status, 200, second.text);
      const cancel = await alice.request('POST', `/calls/id/${second.body.callId}/cancel`, {
        body: { websocketToken: second.body.websocketToken },
      });
      assert.equal(cancel.status, 204, cancel.text);
      // Refusals: a stale Hawk header, an unknown link, a wrong websocket token.
      await bob.request('GET', '/call-url', { timestampSec: 1 });
      await alice.request('GET', `/calls/${'Z'.repeat(11)}`);
      await alice.request('POST', `/calls/id/${second.body.callId}/cancel`, {
        body: { websocketToken: 'f'.repeat(32) },
      });
      await server.deps.push.drain();
      await sleep(100);

      const { id, key } = deriveHawkCredentials(bob.sessionToken);
      secrets.push(
        bob.sessionToken,
        id,
        key,
        linkToken,
        ...links.body.map((link) => link.callToken),
        call.callerToken,
        call.calleeToken,
        String(call.callerAnswer.sessionToken),
        String(call.calleeItem.sessionToken),
        second.body.websocketToken,
        second.body.sessionToken,
        pushUrl.replace(/^https?:\/\/[^/]+/, ''),
        ...Object.values(server.deps.secrets).filter((value) => value !== server.deps.secrets.vapidPublicKey),
      );
      const log = capture.text();
      assert.match(log, /"msg":"incoming request"/, 'the verbose lines are written');
      assert.match(log, /\/calls\/id\/\[token\]\/cancel/, 'the cancel route is logged, masked');
      const found = secrets.filter((secret) => secret.length >= 8 && log.includes(secret));
      assert.deepEqual(found, [], 'no secret of the run in the log');
      assert.ok(!log.includes(`/calls/id/${second.body.callId}`), 'no callId in a logged path');
    } finally {
      await server.close();
      await push.stop();
    }
  });

  if (redisUp)
    void it('a start on Redis logs no error reading call deadlines', async () => {
      const redis = testRedis(6);
      await redis.flushdb();
      redis.disconnect();
      const capture = captureLog('info');
      const server = await startTestServer({ log: capture.log, env: { LOOP_STORE_URL: testRedisUrl(6) } });
      await sleep(300);
      await server.close();
      assert.doesNotMatch(capture.text(), /cannot read call deadlines|"level":50/);
    });
});
