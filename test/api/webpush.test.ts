/**
 * Waking the callee with Web Push, over real HTTP end to end: Bob's browser subscribes on a local push
 * service (test/fakes/webpush-service.ts) that verifies the VAPID token and decrypts the payload with the
 * subscription's private key, as a browser would; Alice calls through Bob's link; the server pushes.
 * SimplePush devices (test/fakes/simplepush-server.ts) are woken by the same call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Counter } from 'prom-client';
import { hawkIdHmac } from '../../src/auth/sessions.ts';
import { replaceKeyFor } from '../../src/push/push-messages.ts';
import { BrowserSubscription } from '../fakes/webpush-browser.ts';
import { WebPushService } from '../fakes/webpush-service.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { freePort } from '../../tools/free-port.ts';

const PUSH_ENV = {
  LOOP_ALLOW_INSECURE_PUSH: 'true',
  LOOP_PUSH_TTL_SECONDS: '30',
  LOOP_PUSH_MAX_ATTEMPTS: '3',
  LOOP_PUSH_RETRY_BASE_MS: '5',
  LOOP_PUSH_RETRY_MAX_DELAY_MS: '1000',
  LOOP_PUSH_TIMEOUT_MS: '500',
};

interface Bob {
  client: LoopClient;
  /** The owner key his devices are stored under. */
  user: string;
  callToken: string;
}

interface ErrorAnswer {
  code: number;
  errno: number;
  error: string;
}

async function counterValue(counter: Counter<string>, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value ?? 0;
}

void describe('Web Push wake-ups (RFC 8030 + 8291 + 8292)', () => {
  let server: TestServer;
  let pushService: WebPushService;
  let simplePush: SimplePushServer;

  before(async () => {
    server = await startTestServer({ env: PUSH_ENV });
    pushService = await new WebPushService().start();
    simplePush = await new SimplePushServer().start();
  });
  after(async () => {
    await server.close();
    await pushService.stop();
    await simplePush.stop();
  });

  /** Bob gets a session, registers `registration` (if any) and makes a link for Alice. */
  async function bobWith(registration?: unknown): Promise<Bob> {
    const client = new LoopClient(server.url);
    assert.equal((await client.register()).status, 200);
    if (registration !== undefined) {
      const registered = await client.request('POST', '/registration', { body: registration });
      assert.equal(registered.status, 200, registered.text);
    }
    const link = await client.request<{ callToken: string }>('POST', '/call-url', {
      body: { callerId: 'Alice', issuer: 'Bob' },
    });
    assert.equal(link.status, 200);
    return { client, user: hawkIdHmac(server.deps.secrets, client.credentials.id), callToken: link.body.callToken };
  }

  /** Alice calls Bob's link; resolves once every push the call caused has settled. */
  async function aliceCalls(bob: Bob, callType = 'audio-video'): Promise<string> {
    const call = await new LoopClient(server.url).request<{ callId: string }>('POST', `/calls/${bob.callToken}`, {
      body: { callType },
    });
    assert.equal(call.status, 200, 'a call never fails because of a push');
    await server.deps.push.drain();
    return call.body.callId;
  }

  void it('GET /push-server-config gives the VAPID public key browsers subscribe with', async () => {
    const answer = await new LoopClient(server.url).request<{ pushServerURI: string; vapidPublicKey: string }>(
      'GET',
      '/push-server-config',
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.body.vapidPublicKey, server.deps.secrets.vapidPublicKey);
    const point = Buffer.from(answer.body.vapidPublicKey, 'base64url');
    assert.equal(point.length, 65);
    assert.equal(point[0], 0x04);
    assert.equal(typeof answer.body.pushServerURI, 'string');
  });

  void it('a call sends an encrypted, VAPID-signed "incoming-call" with TTL, Urgency and Topic', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: browser.toJSON() });
    const delivered = await counterValue(server.deps.metrics.pushOutcomes, {
      transport: 'webpush',
      outcome: 'delivered',
    });

    const callId = await aliceCalls(bob, 'audio');

    const [push, ...more] = pushService.to(browser.endpoint);
    assert.ok(push);
    assert.equal(more.length, 0);
    assert.equal(push.rejected, undefined);
    assert.equal(push.vapid.ok, true, push.vapid.problem);
    assert.equal(push.vapid.key, server.deps.secrets.vapidPublicKey);
    assert.equal(push.vapid.claims?.aud, pushService.origin);
    assert.equal(push.vapid.claims?.sub, 'mailto:admin@localhost');
    assert.equal(push.contentEncoding, 'aes128gcm');
    assert.equal(push.ttl, '30');
    assert.equal(push.urgency, 'high');
    assert.match(push.topic ?? '', /^[A-Za-z0-9_-]{1,32}$/);
    assert.equal(push.topic, replaceKeyFor(callId));
    assert.ok(!push.topic?.includes(callId.slice(0, 8)), 'the clear-text Topic does not reveal the call id');
    assert.equal(push.decryptProblem, undefined);
    const payload = push.payload as { version: number };
    assert.deepEqual(payload, {
      event: 'incoming-call',
      topic: 'calls',
      version: payload.version,
      callId,
      callerName: 'Alice',
      callType: 'audio',
    });
    assert.ok(Math.abs(payload.version - Date.now() / 1000) <= 2);

    // The payload's version is what the app lists calls from.
    const listed = await bob.client.request<{ calls: Array<{ callId: string }> }>(
      'GET',
      `/calls?version=${payload.version}`,
    );
    assert.deepEqual(
      listed.body.calls.map((c) => c.callId),
      [callId],
    );
    assert.equal(
      await counterValue(server.deps.metrics.pushOutcomes, { transport: 'webpush', outcome: 'delivered' }),
      delivered + 1,
    );
  });

  void it('push.callEnded sends "call-ended" under the same Topic, to Web Push devices only', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({
      webPushSubscription: browser.toJSON(),
      simplePushURLs: { calls: simplePush.endpoint('/ended/calls') },
    });
    const callId = await aliceCalls(bob);
    const [incoming] = pushService.to(browser.endpoint);
    const version = (incoming?.payload as { version: number }).version;

    server.deps.push.callEnded([bob.user], { callId, timestampSec: version }, 'timeout');
    await server.deps.push.drain();

    const [, ended, ...more] = pushService.to(browser.endpoint);
    assert.ok(ended);
    assert.equal(more.length, 0);
    assert.equal(ended.rejected, undefined);
    assert.equal(ended.topic, incoming?.topic, 'same Topic: the push service replaces a pending incoming-call');
    assert.equal(ended.urgency, 'high');
    assert.equal(ended.ttl, '30');
    assert.deepEqual(ended.payload, { event: 'call-ended', topic: 'calls', version, callId, reason: 'timeout' });
    assert.equal(simplePush.to('/ended/calls').length, 1, 'SimplePush got the call, not the end of it');
  });

  for (const status of [404, 410]) {
    void it(`a ${status} answer deletes the subscription: the next call does not push to it`, async () => {
      const browser = pushService.subscribe();
      const bob = await bobWith({ webPushSubscription: browser.toJSON() });
      pushService.answer(browser.endpoint, status);

      await aliceCalls(bob);
      assert.deepEqual(
        pushService.to(browser.endpoint).map((p) => p.status),
        [status],
      );
      assert.deepEqual(await server.deps.store.pushEndpoints.listWebPushForUser(bob.user, 'calls'), []);

      await aliceCalls(bob);
      assert.equal(pushService.to(browser.endpoint).length, 1, 'no push to a gone subscription');
    });
  }

  void it('429 (Retry-After: 0) then 201 is retried, and counted', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: browser.toJSON() });
    pushService.answer(browser.endpoint, { status: 429, retryAfter: '0' });
    const retries = await counterValue(server.deps.metrics.pushRetries, { transport: 'webpush' });

    await aliceCalls(bob);

    const pushes = pushService.to(browser.endpoint);
    assert.deepEqual(
      pushes.map((p) => p.status),
      [429, 201],
    );
    assert.deepEqual(pushes[1]?.payload, pushes[0]?.payload);
    assert.equal(await counterValue(server.deps.metrics.pushRetries, { transport: 'webpush' }), retries + 1);
  });

  void it('500 then 201 is retried after a backoff', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: browser.toJSON() });
    pushService.answer(browser.endpoint, 500);
    await aliceCalls(bob);
    assert.deepEqual(
      pushService.to(browser.endpoint).map((p) => p.status),
      [500, 201],
    );
  });

  void it('retries are bounded: 5xx every time, or a Retry-After past the cap, end as failed and keep the subscription', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: browser.toJSON() });
    const failed = await counterValue(server.deps.metrics.pushOutcomes, { transport: 'webpush', outcome: 'failed' });

    pushService.answer(browser.endpoint, 503, 502, 500);
    await aliceCalls(bob);
    assert.deepEqual(
      pushService.to(browser.endpoint).map((p) => p.status),
      [503, 502, 500],
      'LOOP_PUSH_MAX_ATTEMPTS=3',
    );

    pushService.answer(browser.endpoint, { status: 429, retryAfter: '120' });
    await aliceCalls(bob);
    assert.deepEqual(
      pushService.to(browser.endpoint).map((p) => p.status),
      [503, 502, 500, 429],
      'a 2-minute Retry-After is past the 1 s cap',
    );

    assert.equal(
      await counterValue(server.deps.metrics.pushOutcomes, { transport: 'webpush', outcome: 'failed' }),
      failed + 2,
    );
    assert.equal((await server.deps.store.pushEndpoints.listWebPushForUser(bob.user, 'calls')).length, 1);
  });

  void it('one call wakes a SimplePush device and a Web Push device of the same user', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: browser.toJSON() });
    // Sign-in does not exist yet, so Bob's second device (an old Firefox Hello client) goes straight to the store.
    await server.deps.store.pushEndpoints.setForDevice(
      bob.user,
      'bobs-old-firefox',
      { calls: simplePush.endpoint('/bob-firefox/calls') },
      Date.now() + 60_000,
    );

    await aliceCalls(bob);

    const [webPushed] = pushService.to(browser.endpoint);
    const [simplePushed] = simplePush.to('/bob-firefox/calls');
    assert.equal(simplePushed?.method, 'PUT');
    const version = Number(/^version=(\d+)$/.exec(simplePushed?.body ?? '')?.[1]);
    assert.equal((webPushed?.payload as { version: number }).version, version);
  });

  void it('SimplePush follows the same rules: 5xx retried, 410 dropped', async () => {
    const bob = await bobWith({ simplePushURLs: { calls: simplePush.endpoint('/sp-rules/calls') } });
    simplePush.answerNext('/sp-rules/calls', 503);
    await aliceCalls(bob);
    assert.equal(simplePush.to('/sp-rules/calls').length, 2);

    simplePush.answerNext('/sp-rules/calls', 410);
    await aliceCalls(bob);
    assert.deepEqual(await server.deps.store.pushEndpoints.listForUser(bob.user, 'calls'), []);
    await aliceCalls(bob);
    assert.equal(simplePush.to('/sp-rules/calls').length, 3);
  });

  void it('registering again replaces the subscription; DELETE /registration removes it', async () => {
    const first = pushService.subscribe();
    const second = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: first.toJSON() });
    assert.equal(
      (await bob.client.request('POST', '/registration', { body: { webPushSubscription: second.toJSON() } })).status,
      200,
    );

    await aliceCalls(bob);
    assert.equal(pushService.to(first.endpoint).length, 0);
    assert.equal(pushService.to(second.endpoint).length, 1);

    assert.equal((await bob.client.request('DELETE', '/registration')).status, 204);
    await aliceCalls(bob);
    assert.equal(pushService.to(second.endpoint).length, 1, 'no push after DELETE /registration');
  });

  void it('a subscription for rooms only is not woken by a call', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: { ...browser.toJSON(), topics: ['rooms'] } });
    await aliceCalls(bob);
    assert.equal(pushService.to(browser.endpoint).length, 0);
  });

  void it('an unreachable push service never fails the call', async () => {
    const browser = new BrowserSubscription(`http://127.0.0.1:${await freePort()}/nobody-listens`);
    const bob = await bobWith({ webPushSubscription: browser.toJSON() });
    const failed = await counterValue(server.deps.metrics.pushOutcomes, { transport: 'webpush', outcome: 'failed' });
    await aliceCalls(bob);
    assert.equal(
      await counterValue(server.deps.metrics.pushOutcomes, { transport: 'webpush', outcome: 'failed' }),
      failed + 1,
    );
    assert.equal(
      (await server.deps.store.pushEndpoints.listWebPushForUser(bob.user, 'calls')).length,
      1,
      'unreachable is not gone',
    );
  });

  void it('a stored SimplePush URL that does not parse fails alone; the Web Push device is still woken', async () => {
    const browser = pushService.subscribe();
    const bob = await bobWith({ webPushSubscription: browser.toJSON(), simplePushURLs: { calls: 'http://' } });
    const failed = await counterValue(server.deps.metrics.pushOutcomes, { transport: 'simplepush', outcome: 'failed' });
    await aliceCalls(bob);
    assert.equal(pushService.to(browser.endpoint).length, 1);
    assert.equal(
      await counterValue(server.deps.metrics.pushOutcomes, { transport: 'simplepush', outcome: 'failed' }),
      failed + 1,
    );
  });

  void describe('validation of webPushSubscription', () => {
    const valid = () => pushService.subscribe().toJSON();
    const cases: Array<[string, () => unknown, number, RegExp]> = [
      [
        'an http endpoint off the loopback address',
        () => ({ ...valid(), endpoint: 'http://push.example/x' }),
        107,
        /^webPushSubscription\.endpoint should be an https URL/,
      ],
      [
        'an endpoint that is not a URL',
        () => ({ ...valid(), endpoint: 'not a url' }),
        107,
        /^webPushSubscription\.endpoint /,
      ],
      [
        'a p256dh that is not a P-256 point',
        () => ({
          ...valid(),
          keys: {
            ...valid().keys,
            p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'),
          },
        }),
        107,
        /^webPushSubscription\.keys\.p256dh /,
      ],
      [
        'an auth secret of 8 bytes',
        () => ({ ...valid(), keys: { ...valid().keys, auth: Buffer.alloc(8, 1).toString('base64url') } }),
        107,
        /^webPushSubscription\.keys\.auth /,
      ],
      ['an unknown topic', () => ({ ...valid(), topics: ['video'] }), 107, /^webPushSubscription\.topics /],
      [
        'no auth secret',
        () => ({ endpoint: valid().endpoint, keys: { p256dh: valid().keys.p256dh } }),
        108,
        /^Missing: webPushSubscription\.keys\.auth$/,
      ],
      ['no keys', () => ({ endpoint: valid().endpoint }), 108, /^Missing: webPushSubscription\.keys$/],
    ];
    for (const [what, body, errno, error] of cases) {
      void it(`refuses ${what} (400 errno ${errno}) and stores nothing`, async () => {
        const bob = await bobWith();
        const answer = await bob.client.request<ErrorAnswer>('POST', '/registration', {
          body: { webPushSubscription: body() },
        });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.errno, errno);
        assert.match(answer.body.error, error);
        assert.deepEqual(await server.deps.store.pushEndpoints.listWebPushForUser(bob.user, 'calls'), []);
      });
    }

    void it('accepts http://127.0.0.1 only when LOOP_ALLOW_INSECURE_PUSH=true', async () => {
      const strict = await startTestServer();
      try {
        const client = new LoopClient(strict.url);
        await client.register();
        const answer = await client.request<ErrorAnswer>('POST', '/registration', {
          body: { webPushSubscription: valid() },
        });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.errno, 107);
        assert.equal(answer.body.error, 'webPushSubscription.endpoint should be an https URL');
        const https = await client.request('POST', '/registration', {
          body: { webPushSubscription: { ...valid(), endpoint: 'https://push.example/abc' } },
        });
        assert.equal(https.status, 200);
      } finally {
        await strict.close();
      }
    });
  });
});
