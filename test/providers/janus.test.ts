/**
 * LOOP_PROVIDER=janus against a real Janus (Debian's `janus`, configured from deploy/janus/ with fresh
 * secrets): rooms are made and destroyed, a participant's credential opens its own room only, a stranger
 * opens none, the heartbeat checks both Janus APIs, and Janus down is 503 errno 201 with nothing stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { JanusVideoRoomClient } from '../../src/providers/janus/videoroom.ts';
import { roomOf, roomSecret } from '../../src/providers/janus/janus-room-ids.ts';
import { aliceCalls, bobWithLink, bobsCalls } from '../helpers/call-parties.ts';
import { JanusParticipant } from '../helpers/janus-participant.ts';
import { JanusServer } from '../../tools/janus-server.ts';
import { metricValue } from '../helpers/metrics.ts';
import { requireJanus } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const NOT_ALLOWED = 433;
const UNAUTHORIZED = 403;

const iceAddress = requireJanus('Janus provider');
if (iceAddress !== null) {
  let janus: JanusServer;
  let server: TestServer;
  /** The operator's view of Janus (API secret), to see which rooms exist. */
  let operator: JanusVideoRoomClient;

  const roomIds = async (): Promise<number[]> =>
    operator.withVideoRoom(async (request) => {
      const data = await request({ request: 'list' });
      return ((data.list ?? []) as Array<{ room: number }>).map((room) => room.room).sort();
    });
  const exists = (room: number) =>
    operator.withVideoRoom(async (request) => (await request({ request: 'exists', room })).exists === true);
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }
  function roomNumber(sessionId: string): number {
    const ref = roomOf(sessionId);
    assert.ok(ref, `a Janus session id: ${sessionId}`);
    return ref.room;
  }
  async function participant(token: string | null): Promise<JanusParticipant> {
    const joiner = new JanusParticipant(janus.url, token);
    const opened = await joiner.open();
    assert.deepEqual(opened, { ok: true, data: {} });
    return joiner;
  }

  void describe('Janus provider', () => {
    before(async () => {
      janus = await new JanusServer(iceAddress).start();
      operator = new JanusVideoRoomClient({ url: janus.url, apiSecret: janus.apiSecret, timeoutMs: 2000 });
      server = await startTestServer({
        env: { LOOP_PROVIDER: 'janus', LOOP_PROVIDER_TIMEOUT_MS: '1000', ...janus.loopEnv() },
      });
    });
    after(async () => {
      await server?.close();
      await janus?.destroy();
    });

    void it('a call is a VideoRoom room of two; each side gets a token, janusUrl and janusRoom', async () => {
      const { bob, callToken } = await bobWithLink(server.url);
      const call = await aliceCalls(server.url, callToken);
      assert.equal(call.status, 200, call.text);
      assert.equal(call.body.provider, 'janus');
      const room = roomNumber(call.body.sessionId);
      assert.deepEqual([call.body.janusUrl, call.body.janusRoom], [janus.url, room]);
      assert.ok(await exists(room));
      const listed = await operator.withVideoRoom((request) => request({ request: 'list' }));
      const entry = (listed.list as Array<Record<string, unknown>>).find((r) => r.room === room);
      assert.equal(entry?.max_publishers, 2);

      const [incoming] = await bobsCalls(bob);
      assert.ok(incoming);
      assert.deepEqual([incoming.janusUrl, incoming.janusRoom], [janus.url, room], 'the callee is told too');
      assert.notEqual(incoming.sessionToken, call.body.sessionToken, 'one credential per participant');

      for (const token of [call.body.sessionToken, incoming.sessionToken]) {
        const joiner = await participant(token);
        const joined = await joiner.join(room);
        assert.equal(joined.ok, true, JSON.stringify(joined));
        assert.equal(joined.ok && joined.data.videoroom, 'joined');
        await joiner.close();
      }
      const answer = JSON.stringify(call.body);
      for (const secret of [janus.apiSecret, janus.adminSecret]) assert.ok(!answer.includes(secret));
    });

    void it('a participant of one room cannot join another; a stranger who knows the room id cannot join it', async () => {
      const provider = server.deps.provider;
      const roomA = await provider.createSession({ room: { maxParticipants: 6 } });
      const roomB = await provider.createSession({ room: { maxParticipants: 6 } });
      const grant = { displayName: 'x', role: 'publisher' as const };
      const inA = await provider.createRoomToken(roomA, { ...grant, roomConnectionId: 'a-1' });
      const inB = await provider.createRoomToken(roomB, { ...grant, roomConnectionId: 'b-1' });
      const [a, b] = [roomNumber(roomA.sessionId), roomNumber(roomB.sessionId)];
      assert.equal(inA.extras.janusRoom, a);

      // B's participant is in B, and B has a feed (a remote publisher the operator adds with B's secret)…
      const fromB = await participant(inB.token);
      const inRoomB = await fromB.join(b);
      assert.equal(inRoomB.ok, true, JSON.stringify(inRoomB));
      const feed = await operator.withVideoRoom(async (request) => {
        const added = await request({
          request: 'add_remote_publisher',
          room: b,
          secret: roomSecret(server.deps.secrets.builtinProviderSecret, b),
          display: 'feed',
          streams: [{ type: 'video', mindex: 0, mid: '0', codec: 'vp8' }],
        });
        return added.id as number;
      });
      // …A's credential opens a Janus session (a stored token is valid everywhere) and its own room…
      const fromA = await participant(inA.token);
      const inRoomA = await fromA.join(a);
      assert.equal(inRoomA.ok, true, JSON.stringify(inRoomA));
      // …but room B refuses it as a publisher, and as a subscriber of B's feed (even with A's private id)…
      const intruder = await participant(inA.token);
      const refused = await intruder.join(b);
      assert.equal(!refused.ok && refused.code, NOT_ALLOWED, JSON.stringify(refused));
      const subscriberFromA = await participant(inA.token);
      const subscribed = await subscriberFromA.request({
        request: 'join',
        ptype: 'subscriber',
        room: b,
        private_id: inRoomA.ok ? inRoomA.data.private_id : 0,
        streams: [{ feed }],
      });
      await subscriberFromA.close();
      assert.equal(!subscribed.ok && subscribed.code, NOT_ALLOWED, JSON.stringify(subscribed));
      // …while B's participant subscribes with its own private id.
      const subscriberInB = await participant(inB.token);
      const watching = await subscriberInB.request({
        request: 'join',
        ptype: 'subscriber',
        room: b,
        private_id: inRoomB.ok ? inRoomB.data.private_id : 0,
        streams: [{ feed }],
      });
      assert.equal(watching.ok, true, JSON.stringify(watching));
      await subscriberInB.close();
      // …and without B's secret (a guess is refused) it can neither change B's list nor edit, kick from or destroy B.
      for (const request of [
        { request: 'allowed', room: b, secret: 'a-guess', action: 'add', allowed: [inA.token] },
        { request: 'edit', room: b, secret: 'a-guess', new_publishers: 50 },
        { request: 'kick', room: b, secret: 'a-guess', id: feed },
        { request: 'remove_remote_publisher', room: b, secret: 'a-guess', id: feed },
        { request: 'destroy', room: b, secret: 'a-guess' },
      ]) {
        const outcome = await intruder.request(request);
        assert.equal(!outcome.ok && outcome.code, NOT_ALLOWED, `${request.request}: ${JSON.stringify(outcome)}`);
      }
      assert.ok(await exists(b));
      await Promise.all([fromA.close(), intruder.close()]);
      await fromB.close();

      // A stranger: no token, or a made-up one, cannot even open a Janus session…
      assert.equal((await new JanusParticipant(janus.url, null).open()).ok, false);
      const madeUp = await new JanusParticipant(janus.url, 'a-token-loop-never-issued').open();
      assert.equal(!madeUp.ok && madeUp.code, UNAUTHORIZED);
      // …and a genuine token joining without it in the request, or with another room's, is refused.
      const careless = await participant(inB.token);
      const withoutToken = await careless.join(b, null);
      assert.equal(!withoutToken.ok && withoutToken.code, NOT_ALLOWED, JSON.stringify(withoutToken));
      const wrongToken = await careless.join(b, inA.token);
      assert.equal(!wrongToken.ok && wrongToken.code, NOT_ALLOWED, JSON.stringify(wrongToken));
      await careless.close();

      await provider.destroySession?.(roomA);
      await provider.destroySession?.(roomB);
    });

    void it('destroySession removes the room and its tokens; a second call finds nothing to do', async () => {
      const provider = server.deps.provider;
      const session = await provider.createSession({ room: { maxParticipants: 5 } });
      const token = (
        await provider.createRoomToken(session, { roomConnectionId: 'c', displayName: 'c', role: 'moderator' })
      ).token;
      const room = roomNumber(session.sessionId);
      const inside = await participant(token);
      assert.equal((await inside.join(room)).ok, true);
      await provider.destroySession?.(session);
      assert.equal(await exists(room), false);
      const afterwards = await new JanusParticipant(janus.url, token).open();
      assert.equal(!afterwards.ok && afterwards.code, UNAUTHORIZED, 'the token was removed from Janus');
      await provider.destroySession?.(session);
      await inside.close();
    });

    void it('the Janus room goes when the call ends (cancelled here)', async () => {
      const { callToken } = await bobWithLink(server.url);
      const call = await aliceCalls(server.url, callToken);
      assert.equal(call.status, 200, call.text);
      const room = roomNumber(call.body.sessionId);
      assert.ok(await exists(room));
      const cancelled = await fetch(`${server.url}/calls/id/${call.body.callId}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ websocketToken: call.body.websocketToken }),
      });
      assert.equal(cancelled.status, 204, await cancelled.clone().text());
      await until(async () => !(await exists(room)), 'the room to be destroyed');
    });

    void it('a room Janus lost in a restart is made again, same id, on the next join', async () => {
      const provider = server.deps.provider;
      const session = await provider.createSession({ room: { maxParticipants: 8 } });
      const room = roomNumber(session.sessionId);
      await janus.stop();
      await janus.start();
      assert.equal(await exists(room), false, 'rooms are not permanent');
      const grant = { roomConnectionId: 'late', displayName: 'late', role: 'publisher' as const };
      const { token } = await provider.createRoomToken(session, grant);
      assert.ok(await exists(room));
      const joiner = await participant(token);
      assert.equal((await joiner.join(room)).ok, true);
      await joiner.close();
      await provider.destroySession?.(session);
    });

    void it('heartbeat: a Janus session with VideoRoom and the admin API, both with their secrets', async () => {
      const healthy = await fetch(`${server.url}/__heartbeat__`);
      assert.equal(healthy.status, 200);
      assert.deepEqual(await healthy.json(), { storage: true, provider: true });
    });

    void it('Janus down: heartbeat 503 with why, POST /calls/{token} 503 errno 201 and no call stored', async () => {
      const { bob, callToken } = await bobWithLink(server.url);
      await janus.stop();
      try {
        const heartbeat = await fetch(`${server.url}/__heartbeat__`);
        assert.equal(heartbeat.status, 503);
        const body = (await heartbeat.json()) as { provider: boolean; message: string };
        assert.equal(body.provider, false);
        assert.match(body.message, /^Janus: .*unreachable \(ECONNREFUSED\); Janus admin API: /);

        const failed = await aliceCalls(server.url, callToken);
        assert.equal(failed.status, 503);
        assert.equal((failed.body as unknown as { errno: number }).errno, 201);
        assert.deepEqual(await bobsCalls(bob), [], 'nothing stored');
        assert.ok(
          (await metricValue(server.deps.metrics, 'loop_provider_errors_total', {
            provider: 'janus',
            operation: 'createSession',
            kind: 'error',
          })) >= 3,
        );
      } finally {
        await janus.start();
      }
      const again = await aliceCalls(server.url, callToken);
      assert.equal(again.status, 200, 'Janus back: calls work again');
    });
  });

  void describe('Janus provider, refused by the admin API', () => {
    let badServer: TestServer;
    before(async () => {
      janus = await new JanusServer(iceAddress).start();
      operator = new JanusVideoRoomClient({ url: janus.url, apiSecret: janus.apiSecret, timeoutMs: 2000 });
      badServer = await startTestServer({
        env: {
          LOOP_PROVIDER: 'janus',
          LOOP_PROVIDER_ATTEMPTS: '1',
          ...janus.loopEnv(),
          JANUS_ADMIN_SECRET: 'not-the-admin-secret',
        },
      });
    });
    after(async () => {
      await badServer?.close();
      await janus?.destroy();
    });

    void it('a room made before a token failed is destroyed: nothing is left half-made', async () => {
      const { bob, callToken } = await bobWithLink(badServer.url);
      const failed = await aliceCalls(badServer.url, callToken);
      assert.equal(failed.status, 503);
      assert.equal((failed.body as unknown as { errno: number }).errno, 201);
      assert.ok(!failed.text.includes(janus.apiSecret) && !failed.text.includes('not-the-admin-secret'));
      assert.deepEqual(await bobsCalls(bob), []);
      assert.deepEqual(await roomIds(), [], 'no room left in Janus');
    });

    void it('the heartbeat names the admin API and no secret', async () => {
      const heartbeat = await fetch(`${badServer.url}/__heartbeat__`);
      assert.equal(heartbeat.status, 503);
      const body = (await heartbeat.json()) as { message: string };
      assert.equal(
        body.message,
        'Janus admin API: Janus get_status: 403 Unauthorized request (wrong or missing secret/token)',
      );
    });
  });
}
