/**
 * By default Loop does not push into its own network (SSRF): push URLs on a non-public IP address are
 * refused at registration, and names resolving to one (here `localhost`) are refused when connecting, with
 * nothing arriving at the local sink. LOOP_ALLOW_PRIVATE_PUSH=true (the test servers' default) allows them.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { hawkIdHmac } from '../../src/auth/sessions.ts';
import { loggerOptions } from '../../src/observability/logger.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import { BrowserSubscription } from '../fakes/webpush-browser.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { metricValue } from '../helpers/metrics.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

interface ErrorAnswer {
  code: number;
  errno: number;
  error: string;
  message: string;
}

const PUBLIC_ONLY = { LOOP_ALLOW_PRIVATE_PUSH: 'false', LOOP_PUSH_TIMEOUT_MS: '500', LOOP_PUSH_RETRY_BASE_MS: '10' };

/** Registers `registration` for a new device, creates a link and calls it; resolves once the pushes settled. */
async function callDeviceWith(server: TestServer, registration: unknown): Promise<void> {
  const bob = new LoopClient(server.url);
  assert.equal((await bob.register(registration)).status, 200);
  const link = await bob.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } });
  assert.equal(
    (await new LoopClient(server.url).request('POST', `/calls/${link.body.callToken}`, { body: { callType: 'audio' } }))
      .status,
    200,
  );
  await server.deps.push.drain();
}

void describe('push destinations (LOOP_ALLOW_PRIVATE_PUSH=false, the default)', () => {
  let server: TestServer;
  let logs = '';
  let sink: SimplePushServer;
  /** A bare TCP listener: counts anything that connects, TLS or not. */
  let listener: net.Server;
  let connections = 0;
  let listenerPort = 0;

  before(async () => {
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((logs += chunk.toString()), done()) });
    server = await startTestServer({ env: PUBLIC_ONLY, log: pino(loggerOptions('info'), stream) });
    sink = await new SimplePushServer().start();
    listener = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerPort = (listener.address() as net.AddressInfo).port;
  });
  after(async () => {
    await server.close();
    await sink.stop();
    listener.close();
  });

  void it('the setting is off unless configured', () => {
    assert.equal(server.deps.config.allowPrivatePush, false);
  });

  const refusedRegistrations: Array<[string, (port: number) => { path: string; body?: unknown }, string]> = [
    [
      'simplePushURLs.calls on loopback',
      (port) => ({ path: '/registration', body: { simplePushURLs: { calls: `http://127.0.0.1:${port}/x` } } }),
      'simplePushURLs.calls should point to a public address, not 127.0.0.1 (loopback)',
    ],
    [
      'simplePushURLs.rooms on a private network',
      () => ({ path: '/registration', body: { simplePushURLs: { rooms: 'https://10.20.30.40/x' } } }),
      'simplePushURLs.rooms should point to a public address, not 10.20.30.40 (private)',
    ],
    [
      'simplePushURL at the cloud metadata address',
      () => ({ path: '/registration', body: { simplePushURL: 'http://169.254.169.254/latest/meta-data/' } }),
      'simplePushURL should point to a public address, not 169.254.169.254 (link-local)',
    ],
    [
      'simple_push_url on IPv6 loopback',
      () => ({ path: '/registration', body: { simple_push_url: 'http://[::1]:8080/x' } }),
      'simple_push_url should point to a public address, not [::1] (loopback)',
    ],
    [
      'simplePushURL in the query, loopback written as one number',
      () => ({ path: `/registration?simplePushURL=${encodeURIComponent('http://2130706433/x')}` }),
      'simplePushURL should point to a public address, not 127.0.0.1 (loopback)',
    ],
    [
      'simplePushURLs.calls on an IPv4-mapped private address',
      () => ({ path: '/registration', body: { simplePushURLs: { calls: 'http://[::ffff:192.168.1.1]/x' } } }),
      'simplePushURLs.calls should point to a public address, not [::ffff:c0a8:101] (private)',
    ],
    [
      'webPushSubscription.endpoint on a CGNAT address',
      () => ({
        path: '/registration',
        body: { webPushSubscription: new BrowserSubscription('https://100.64.1.2/wpush/x').toJSON() },
      }),
      'webPushSubscription.endpoint should point to a public address, not 100.64.1.2 (shared)',
    ],
  ];
  for (const [name, request, message] of refusedRegistrations) {
    void it(`refuses at registration: ${name} (400 errno 107), storing nothing`, async () => {
      const bob = new LoopClient(server.url);
      assert.equal((await bob.register()).status, 200);
      const { path, body } = request(Number(new URL(sink.url).port));
      const answer = await bob.request<ErrorAnswer>('POST', path, { body: body ?? {} });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.errno, 107);
      assert.equal(answer.body.error, message);
      const user = hawkIdHmac(server.deps.secrets, bob.credentials.id);
      for (const topic of ['calls', 'rooms'] as const) {
        assert.deepEqual(await server.deps.store.pushEndpoints.listForUser(user, topic), []);
        assert.deepEqual(await server.deps.store.pushEndpoints.listWebPushForUser(user, topic), []);
      }
    });
  }

  void it('accepts public addresses and names at registration', async () => {
    const bob = new LoopClient(server.url);
    const answer = await bob.register({
      simplePushURLs: { calls: 'https://8.8.8.8/x', rooms: `http://localhost:${listenerPort}/r` },
    });
    assert.equal(answer.status, 200);
  });

  void it('a SimplePush URL naming localhost is registered but refused when pushing: nothing arrives, failed is counted and logged', async () => {
    const failedBefore = await metricValue(server.deps.metrics, 'loop_push_outcomes_total', {
      transport: 'simplepush',
      outcome: 'failed',
    });
    const arrivedBefore = sink.received.length;
    logs = '';
    await callDeviceWith(server, {
      simplePushURLs: { calls: `http://localhost:${new URL(sink.url).port}/secret-token-path` },
    });
    assert.equal(sink.received.length, arrivedBefore, 'nothing reached the local sink');
    assert.equal(
      await metricValue(server.deps.metrics, 'loop_push_outcomes_total', {
        transport: 'simplepush',
        outcome: 'failed',
      }),
      failedBefore + 1,
    );
    const line = logs
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; push?: Record<string, unknown> })
      .find((l) => l.push);
    assert.deepEqual(line?.push, {
      outcome: 'failed',
      attempts: 1,
      last: 'refused-address',
      transport: 'simplepush',
      host: `localhost:${new URL(sink.url).port}`,
      reason: 'call.token',
    });
    assert.ok(!logs.includes('secret-token-path'), 'the endpoint path (a capability) is not logged');
  });

  void it('a Web Push endpoint naming localhost is refused when pushing: no connection is even opened', async () => {
    const failedBefore = await metricValue(server.deps.metrics, 'loop_push_outcomes_total', {
      transport: 'webpush',
      outcome: 'failed',
    });
    const before = connections;
    await callDeviceWith(server, {
      webPushSubscription: new BrowserSubscription(`https://localhost:${listenerPort}/wpush/abc`).toJSON(),
    });
    assert.equal(connections, before, 'no connection to the local listener');
    assert.equal(
      await metricValue(server.deps.metrics, 'loop_push_outcomes_total', { transport: 'webpush', outcome: 'failed' }),
      failedBefore + 1,
    );
  });

  void it('a literal private URL already stored (registered before this guard) is not pushed to either', async () => {
    const bob = new LoopClient(server.url);
    await bob.register();
    const arrivedBefore = sink.received.length;
    const link = await bob.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } });
    const user = hawkIdHmac(server.deps.secrets, bob.credentials.id);
    await server.deps.store.pushEndpoints.setForDevice(
      user,
      'old-device',
      { calls: sink.endpoint('/stored') },
      Date.now() + 60_000,
    );
    const failedBefore = await metricValue(server.deps.metrics, 'loop_push_outcomes_total', {
      transport: 'simplepush',
      outcome: 'failed',
    });
    await new LoopClient(server.url).request('POST', `/calls/${link.body.callToken}`, { body: { callType: 'audio' } });
    await server.deps.push.drain();
    assert.equal(sink.received.length, arrivedBefore);
    assert.equal(
      await metricValue(server.deps.metrics, 'loop_push_outcomes_total', {
        transport: 'simplepush',
        outcome: 'failed',
      }),
      failedBefore + 1,
    );
  });
});

void describe('push destinations with LOOP_ALLOW_PRIVATE_PUSH=true', () => {
  let server: TestServer;
  let sink: SimplePushServer;
  before(async () => {
    server = await startTestServer({ env: { ...PUBLIC_ONLY, LOOP_ALLOW_PRIVATE_PUSH: 'true' } });
    sink = await new SimplePushServer().start();
  });
  after(async () => {
    await server.close();
    await sink.stop();
  });

  void it('registers loopback URLs and pushes to them, by address or by name', async () => {
    const port = new URL(sink.url).port;
    await callDeviceWith(server, { simplePushURLs: { calls: `http://127.0.0.1:${port}/by-address` } });
    await callDeviceWith(server, { simplePushURLs: { calls: `http://localhost:${port}/by-name` } });
    assert.equal(sink.to('/by-address').length, 1);
    assert.equal(sink.to('/by-name').length, 1);
  });
});
