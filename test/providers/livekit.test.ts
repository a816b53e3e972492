/**
 * LOOP_PROVIDER=livekit against a local LiveKit RoomService (test/fakes/livekit-server.ts) over real HTTP,
 * and the optional webhook, signed the way LiveKit signs it; room_finished ends the call it belongs to.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { jwtVerify, type JWTPayload } from 'jose';
import { aliceCalls, bobWithLink, bobsCalls } from '../helpers/call-parties.ts';
import { metricValue } from '../helpers/metrics.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { LiveKitServer } from '../fakes/livekit-server.ts';
import { WebPushService } from '../fakes/webpush-service.ts';
import { ProgressClient } from '../helpers/progress-client.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';

const API_KEY = 'APIloopTest';
const API_SECRET = 'livekit-test-secret-0123456789abcdef';
const TOKEN_TTL_SEC = 300;
const EMPTY_TIMEOUT_SEC = 90;
const TIMEOUT_MS = 150;

interface LiveKitClaims extends JWTPayload {
  video: Record<string, unknown>;
}

async function verifyAccessToken(token: string): Promise<LiveKitClaims> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(API_SECRET), {
    algorithms: ['HS256'],
    issuer: API_KEY,
  });
  return payload as LiveKitClaims;
}

const ROOM_FINISHED_REDIS_DB = 9;
// The room_finished tests run on both stores: Redis indexes a call by its session only for a provider that
// reports by session (LiveKit). Checked before any test starts: once they run, the 500 ms check can time out.
const storesForRoomFinished: Array<{ name: string; env: Record<string, string> }> = [{ name: 'SQLite', env: {} }];
if (await requireRedis('LiveKit room_finished on the Redis store'))
  storesForRoomFinished.push({ name: 'Redis', env: { LOOP_STORE_URL: testRedisUrl(ROOM_FINISHED_REDIS_DB) } });

function env(fake: LiveKitServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LOOP_PROVIDER: 'livekit',
    LIVEKIT_URL: fake.url,
    LIVEKIT_API_KEY: API_KEY,
    LIVEKIT_API_SECRET: API_SECRET,
    LIVEKIT_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SEC),
    LIVEKIT_EMPTY_TIMEOUT_SECONDS: String(EMPTY_TIMEOUT_SEC),
    LOOP_PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
    LIVEKIT_WEBHOOK: 'on',
    ...extra,
  };
}

void describe('LiveKit provider', () => {
  let fake: LiveKitServer;
  let server: TestServer;
  before(async () => {
    fake = await new LiveKitServer(API_KEY, API_SECRET).start();
    server = await startTestServer({ env: env(fake) });
  });
  afterEach(() => fake.reset());
  after(async () => {
    await server.close();
    await fake.stop();
  });

  void it('creates a two-person room named after the session, and a token per side for that room only', async () => {
    const { bob, callToken } = await bobWithLink(server.url);
    const call = await aliceCalls(server.url, callToken);
    assert.equal(call.status, 200, call.text);
    assert.equal(call.body.provider, 'livekit');
    assert.equal(call.body.apiKey, API_KEY);
    const livekitUrl = fake.url.replace('http:', 'ws:');
    assert.equal(call.body.livekitUrl, livekitUrl);

    const room = fake.rooms.get(call.body.sessionId);
    assert.ok(room, 'the room is named after the session');
    assert.equal(fake.rooms.size, 1);
    assert.deepEqual(
      { emptyTimeout: room.emptyTimeout, maxParticipants: room.maxParticipants },
      { emptyTimeout: EMPTY_TIMEOUT_SEC, maxParticipants: 2 },
    );

    const caller = await verifyAccessToken(call.body.sessionToken);
    assert.equal(caller.sub, 'caller');
    assert.deepEqual(caller.video, {
      room: call.body.sessionId,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    assert.ok(
      Math.abs((caller.exp ?? 0) - (Math.floor(Date.now() / 1000) + TOKEN_TTL_SEC)) <= 2,
      'short TTL from LIVEKIT_TOKEN_TTL_SECONDS',
    );

    const [incoming] = await bobsCalls(bob);
    assert.ok(incoming);
    assert.equal(incoming.sessionId, call.body.sessionId);
    assert.equal(incoming.livekitUrl, livekitUrl, 'the callee is told where to connect too');
    const callee = await verifyAccessToken(incoming.sessionToken);
    assert.equal(callee.sub, 'callee');
    assert.deepEqual(callee.video, {
      room: call.body.sessionId,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    await assert.rejects(
      jwtVerify(incoming.sessionToken, new TextEncoder().encode('some-other-secret-0123456789abcdef')),
    );

    assert.equal(
      await metricValue(server.deps.metrics, 'loop_provider_seconds_count', {
        provider: 'livekit',
        operation: 'createSession',
        outcome: 'ok',
      }),
      1,
    );
  });

  void it('each call gets its own room', async () => {
    const { callToken } = await bobWithLink(server.url);
    const first = await aliceCalls(server.url, callToken);
    const second = await aliceCalls(server.url, callToken);
    assert.notEqual(first.body.sessionId, second.body.sessionId);
    assert.equal(fake.rooms.size, 2);
    assert.equal((await verifyAccessToken(second.body.sessionToken)).video.room, second.body.sessionId);
  });

  void it('retries CreateRoom on 500 and succeeds', async () => {
    const { callToken } = await bobWithLink(server.url);
    fake.failNext(2, 500);
    const call = await aliceCalls(server.url, callToken);
    assert.equal(call.status, 200, call.text);
    assert.equal(fake.requestsTo('/twirp/livekit.RoomService/CreateRoom').length, 3);
    assert.ok(fake.rooms.has(call.body.sessionId));
  });

  void it('503 errno 201 with Retry-After after failures or timeouts, and no call stored', async () => {
    const { bob, callToken } = await bobWithLink(server.url);
    fake.failNext(3, 503);
    const failed = await aliceCalls(server.url, callToken);
    assert.equal(failed.status, 503);
    assert.equal((failed.body as unknown as { errno: number }).errno, 201);
    assert.equal(failed.headers.get('retry-after'), '30');
    assert.equal(fake.requestsTo('/twirp/livekit.RoomService/CreateRoom').length, 3);

    fake.hangNext(3);
    const timedOut = await aliceCalls(server.url, callToken);
    assert.equal(timedOut.status, 503);
    assert.deepEqual(await bobsCalls(bob), [], 'no half-created call');
    assert.ok(
      (await metricValue(server.deps.metrics, 'loop_provider_errors_total', {
        provider: 'livekit',
        operation: 'createSession',
        kind: 'timeout',
      })) >= 3,
    );
  });

  void it('heartbeat lists rooms (creates none), and reports a failing server', async () => {
    const healthy = await fetch(`${server.url}/__heartbeat__`);
    assert.equal(healthy.status, 200);
    assert.deepEqual(await healthy.json(), { storage: true, provider: true });
    assert.equal(fake.requestsTo('/twirp/livekit.RoomService/ListRooms').length, 1);
    assert.equal(fake.rooms.size, 0);

    fake.failNext(1, 500);
    const failing = await fetch(`${server.url}/__heartbeat__`);
    assert.equal(failing.status, 503);
    const body = (await failing.json()) as { provider: boolean; message: string };
    assert.equal(body.provider, false);
    assert.match(body.message, /^LiveKit: /);
    assert.ok(!body.message.includes(API_SECRET));
  });

  void it('accepts a signed room_finished webhook and counts it', async () => {
    const event = JSON.stringify({
      event: 'room_finished',
      room: { name: 'loop_some-room', sid: 'RM_1' },
      id: 'EV_1',
      createdAt: '1700000000',
    });
    const response = await fetch(`${server.url}/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: await fake.signWebhook(event) },
      body: event,
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(
      await metricValue(server.deps.metrics, 'loop_livekit_webhook_events_total', { event: 'room_finished' }),
      1,
    );
  });

  void it('refuses webhooks with a bad signature, a tampered body or no signature: 401 JSON error', async () => {
    const event = JSON.stringify({ event: 'room_finished', room: { name: 'loop_other' } });
    const attempts: Array<{ authorization?: string; body: string }> = [
      { authorization: await fake.signWebhook(event, 'an-attackers-secret-0123456789abcdef'), body: event },
      { authorization: await fake.signWebhook(event), body: event.replace('loop_other', 'loop_victim') },
      { body: event },
    ];
    for (const attempt of attempts) {
      const response = await fetch(`${server.url}/livekit/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/webhook+json',
          ...(attempt.authorization ? { authorization: attempt.authorization } : {}),
        },
        body: attempt.body,
      });
      assert.equal(response.status, 401);
      const body = (await response.json()) as { code: number; errno: number; error: string; message: string };
      assert.deepEqual({ code: body.code, errno: body.errno }, { code: 401, errno: 110 });
      assert.match(body.message, /signature/);
    }
    assert.equal(await metricValue(server.deps.metrics, 'loop_livekit_webhook_events_total', { event: 'rejected' }), 3);
    assert.equal(
      await metricValue(server.deps.metrics, 'loop_livekit_webhook_events_total', { event: 'room_finished' }),
      1,
      'only the earlier genuine one',
    );
  });
});

void describe('LiveKit provider, webhook off', () => {
  void it('serves no webhook route unless LIVEKIT_WEBHOOK=on', async () => {
    const fake = await new LiveKitServer(API_KEY, API_SECRET).start();
    const server = await startTestServer({ env: env(fake, { LIVEKIT_WEBHOOK: 'off' }) });
    try {
      const event = JSON.stringify({ event: 'room_finished', room: { name: 'loop_x' } });
      const response = await fetch(`${server.url}/v0/livekit/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await fake.signWebhook(event) },
        body: event,
      });
      assert.equal(response.status, 404);
    } finally {
      await server.close();
      await fake.stop();
    }
  });
});

/**
 * room_finished ends the Loop call through the state machine: both progress sockets hear
 * `terminated`/`closed`, and a call nobody answered sends "call-ended" to the callee's Web Push devices.
 */
for (const store of storesForRoomFinished)
  void describe(`LiveKit room_finished webhook ends the call (${store.name})`, () => {
    let fake: LiveKitServer;
    let server: TestServer;
    let pushService: WebPushService;
    before(async () => {
      fake = await new LiveKitServer(API_KEY, API_SECRET).start();
      pushService = await new WebPushService().start();
      if (store.env.LOOP_STORE_URL) {
        const flush = testRedis(ROOM_FINISHED_REDIS_DB);
        await flush.flushdb();
        await flush.quit();
      }
      server = await startTestServer({
        env: env(fake, { LOOP_ALLOW_INSECURE_PUSH: 'true', LOOP_PUSH_TIMEOUT_MS: '1000', ...store.env }),
      });
    });
    after(async () => {
      await server.close();
      await fake.stop();
      await pushService.stop();
    });

    async function roomFinished(roomName: string): Promise<Response> {
      const event = JSON.stringify({
        event: 'room_finished',
        room: { name: roomName, sid: 'RM_x' },
        id: `EV_${roomName}`,
        createdAt: '1700000000',
      });
      return fetch(`${server.url}/livekit/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', authorization: await fake.signWebhook(event) },
        body: event,
      });
    }

    /** Bob (one Web Push browser) and Alice in a call both sockets said hello to: it is alerting. */
    async function ringingCall() {
      const browser = pushService.subscribe();
      const { bob, callToken } = await bobWithLink(server.url);
      assert.equal(
        (await bob.request('POST', '/registration', { body: { webPushSubscription: browser.toJSON() } })).status,
        200,
      );
      const call = await aliceCalls(server.url, callToken);
      assert.equal(call.status, 200, call.text);
      const item = (await bobsCalls(bob)).find((listed) => listed.callId === call.body.callId);
      assert.ok(item);
      const caller = await ProgressClient.open(call.body.progressURL);
      assert.equal((await caller.hello(call.body.callId, call.body.websocketToken)).state, 'init');
      const callee = await ProgressClient.open(call.body.progressURL);
      assert.equal((await callee.hello(call.body.callId, item.websocketToken)).state, 'init');
      assert.equal((await caller.next()).state, 'alerting');
      assert.equal((await callee.next()).state, 'alerting');
      const pushes = async () => {
        await server.deps.push.drain();
        return pushService
          .to(browser.endpoint)
          .map((push) => push.payload as { event: string; callId: string; reason?: string });
      };
      return { bob, call: call.body, caller, callee, pushes };
    }

    void it('an unanswered call: both sockets get terminated/closed and are closed; the callee devices stop ringing', async () => {
      const { bob, call, caller, callee, pushes } = await ringingCall();
      const answer = await roomFinished(call.sessionId);
      assert.equal(answer.status, 200, await answer.clone().text());

      for (const socket of [caller, callee]) {
        assert.deepEqual(await socket.next(), { messageType: 'progress', state: 'terminated', reason: 'closed' });
        assert.equal((await socket.waitClosed()).code, 1000);
      }
      const stored = await server.deps.store.calls.get(call.callId);
      assert.deepEqual([stored?.state, stored?.reason, stored?.nextDeadlineAt], ['terminated', 'closed', null]);
      assert.deepEqual(
        (await bobsCalls(bob)).map((listed) => listed.callId),
        [],
        'no longer listed for the callee',
      );
      assert.deepEqual(
        (await pushes()).map((p) => [p.event, p.callId, p.reason]),
        [
          ['incoming-call', call.callId, undefined],
          ['call-ended', call.callId, 'closed'],
        ],
      );
      assert.equal(
        await metricValue(server.deps.metrics, 'loop_calls_finished_total', { state: 'terminated', reason: 'closed' }),
        1,
      );

      // LiveKit may deliver an event twice: the call is already over, nothing more is sent.
      assert.equal((await roomFinished(call.sessionId)).status, 200);
      assert.equal((await pushes()).length, 2);
      assert.equal(
        await metricValue(server.deps.metrics, 'loop_calls_finished_total', { state: 'terminated', reason: 'closed' }),
        1,
      );
    });

    void it('a connected call ends too (a late device hears terminated/closed), without a call-ended push', async () => {
      const { call, caller, callee, pushes } = await ringingCall();
      callee.action('accept');
      assert.equal((await caller.next()).state, 'connecting');
      assert.equal((await callee.next()).state, 'connecting');
      caller.action('media-up');
      callee.action('media-up');
      assert.equal((await caller.next()).state, 'half-connected');
      assert.equal((await caller.next()).state, 'connected');
      await Promise.all([caller.waitClosed(), callee.waitClosed()]);

      assert.equal((await roomFinished(call.sessionId)).status, 200);
      const stored = await server.deps.store.calls.get(call.callId);
      assert.deepEqual([stored?.state, stored?.reason], ['terminated', 'closed']);
      const late = await ProgressClient.open(call.progressURL);
      assert.deepEqual(await late.hello(call.callId, call.websocketToken), {
        messageType: 'hello',
        state: 'terminated',
        reason: 'closed',
      });
      await late.waitClosed();
      assert.deepEqual(
        (await pushes()).map((p) => [p.event, p.reason]),
        [
          ['incoming-call', undefined],
          ['call-ended', 'answered-elsewhere'],
        ],
        'only the answer stopped the ringing; the end of an answered call sends nothing',
      );
    });

    void it('a room no live call uses is acknowledged and changes nothing', async () => {
      const { call, caller, callee } = await ringingCall();
      assert.equal((await roomFinished('loop_not-a-loop-room')).status, 200);
      caller.send({ messageType: 'echo', echo: 'after' });
      assert.deepEqual(await caller.next(), { messageType: 'echo', echo: 'after' }, 'no progress frame came first');
      assert.deepEqual(callee.unread, []);
      assert.equal((await server.deps.store.calls.get(call.callId))?.state, 'alerting');
      caller.close();
      callee.close();
      await Promise.all([caller.waitClosed(), callee.waitClosed()]);
    });
  });
