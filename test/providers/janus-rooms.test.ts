/**
 * The mesh/SFU policy over HTTP with a real Janus: LOOP_PROVIDER=builtin, LOOP_SFU_PROVIDER=janus,
 * LOOP_MESH_MAX=4. A room of 4 is a built-in mesh, a room of 6 a VideoRoom room; the room's joins go to
 * its own provider; deleting a Janus room (single, bulk, with the account) or letting it expire destroys the
 * VideoRoom room; Janus down refuses only what needs Janus, and leaves nothing stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { roomOf } from '../../src/providers/janus/janus-room-ids.ts';
import { JanusVideoRoomClient } from '../../src/providers/janus/videoroom.ts';
import type { LoopClient } from '../../tools/loop-client.ts';
import { createRoom, guestJoins, registered, type ErrorBody, type JoinAnswer } from '../api/rooms-support.ts';
import { JanusParticipant } from '../helpers/janus-participant.ts';
import { JanusServer } from '../../tools/janus-server.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { requireJanus } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const POLICY_ENV = { LOOP_PROVIDER: 'builtin', LOOP_SFU_PROVIDER: 'janus', LOOP_MESH_MAX: '4' };

const iceAddress = requireJanus('rooms on the built-in mesh or on Janus');
if (iceAddress !== null) {
  let janus: JanusServer;
  let operator: JanusVideoRoomClient;

  const exists = (room: number) =>
    operator.withVideoRoom(async (request) => (await request({ request: 'exists', room })).exists === true);
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }
  /** A guest joins; the answer names the provider, and for Janus the VideoRoom room. */
  async function joined(server: TestServer, roomToken: string, name = 'Ana'): Promise<JoinAnswer & Extras> {
    const answer = await guestJoins(server, roomToken, name);
    assert.equal(answer.status, 200, answer.text);
    return answer.body as JoinAnswer & Extras;
  }
  interface Extras {
    provider: string;
    janusUrl?: string;
    janusRoom?: number;
    signallingURL?: string;
  }
  async function janusRoomOf(server: TestServer, roomToken: string): Promise<number> {
    const answer = await joined(server, roomToken);
    assert.equal(answer.provider, 'janus');
    const ref = roomOf(answer.sessionId);
    assert.ok(ref);
    assert.equal(answer.janusRoom, ref.room);
    return ref.room;
  }

  before(async () => {
    janus = await new JanusServer(iceAddress).start();
    operator = new JanusVideoRoomClient({ url: janus.url, apiSecret: janus.apiSecret, timeoutMs: 2000 });
  });
  after(async () => {
    await janus?.destroy();
  });

  void describe('rooms: mesh up to LOOP_MESH_MAX, Janus above', () => {
    let server: TestServer;
    let owner: LoopClient;
    before(async () => {
      server = await startTestServer({
        env: { ...POLICY_ENV, LOOP_PROVIDER_TIMEOUT_MS: '1000', ...janus.loopEnv() },
      });
      owner = await registered(server);
    });
    after(async () => {
      await server?.close();
    });

    void it('LOOP_ROOM_MAX_SIZE allows rooms above 5 when an SFU is configured', () => {
      assert.equal(server.deps.config.roomMaxSize, 20);
    });

    void it('a room of 4 is a built-in mesh; a room of 6 is a VideoRoom room its guests can join', async () => {
      const small = await createRoom(owner, { maxSize: 4 });
      const mesh = await joined(server, small.roomToken);
      assert.equal(mesh.provider, 'builtin');
      assert.ok(mesh.signallingURL, 'the built-in relay');
      assert.equal(mesh.janusRoom, undefined);

      const large = await createRoom(owner, { maxSize: 6 });
      const answer = await joined(server, large.roomToken, 'Ana');
      assert.equal(answer.provider, 'janus');
      assert.equal(answer.janusUrl, janus.url);
      const room = answer.janusRoom!;
      assert.ok(await exists(room));
      const listed = await operator.withVideoRoom((request) => request({ request: 'list' }));
      const entry = (listed.list as Array<Record<string, unknown>>).find((r) => r.room === room);
      assert.equal(entry?.max_publishers, 6, 'publishers = the room maxSize');
      // The token the join answered opens Janus and joins that VideoRoom room as a publisher.
      const ana = new JanusParticipant(janus.url, answer.sessionToken);
      assert.deepEqual(await ana.open(), { ok: true, data: {} });
      const join = await ana.join(room);
      assert.equal(join.ok, true, JSON.stringify(join));
      await ana.close();
    });

    void it('DELETE /rooms/{token} destroys the VideoRoom room', async () => {
      const created = await createRoom(owner, { maxSize: 6 });
      const room = await janusRoomOf(server, created.roomToken);
      assert.equal((await owner.request('DELETE', `/rooms/${created.roomToken}`)).status, 204);
      await until(async () => !(await exists(room)), 'the Janus room to be destroyed');
    });

    void it('a bulk delete destroys each Janus room; the mesh rooms need nothing', async () => {
      const a = await createRoom(owner, { maxSize: 6 });
      const b = await createRoom(owner, { maxSize: 8 });
      const c = await createRoom(owner, { maxSize: 3 });
      const rooms = [await janusRoomOf(server, a.roomToken), await janusRoomOf(server, b.roomToken)];
      const bulk = await owner.request('PATCH', '/rooms', {
        body: { deleteRoomTokens: [a.roomToken, b.roomToken, c.roomToken] },
      });
      assert.equal(bulk.status, 207, bulk.text);
      for (const room of rooms) await until(async () => !(await exists(room)), `Janus room ${room} destroyed`);
    });

    void it('DELETE /account destroys the Janus rooms of the account', async () => {
      const carol = await registered(server);
      const created = await createRoom(carol, { maxSize: 10 });
      const room = await janusRoomOf(server, created.roomToken);
      assert.equal((await carol.request('DELETE', '/account')).status, 204);
      await until(async () => !(await exists(room)), 'the Janus room to be destroyed');
    });

    void it('Janus down: POST /rooms above LOOP_MESH_MAX is 503 errno 201 with nothing stored', async () => {
      const made = await createRoom(owner, { maxSize: 6 });
      const mesh = await createRoom(owner, { maxSize: 4 });
      const before = (await owner.request<unknown[]>('GET', '/rooms')).body.length;
      await janus.stop();
      try {
        const refused = await owner.request<ErrorBody>('POST', '/rooms', {
          body: { roomOwner: 'Alice', maxSize: 6, context: { value: 'eA', alg: 'AES-GCM', wrappedKey: '' } },
        });
        assert.equal(refused.status, 503, refused.text);
        assert.equal(refused.body.errno, 201);
        assert.equal((await owner.request<unknown[]>('GET', '/rooms')).body.length, before, 'nothing stored');
        // What does not need Janus still works: a mesh room is made and joined.
        assert.equal((await createRoom(owner, { maxSize: 4 })).roomToken.length, 11);
        assert.equal((await joined(server, mesh.roomToken)).provider, 'builtin');
        // A join of a Janus room needs Janus.
        const join = await guestJoins(server, made.roomToken, 'Ana');
        assert.equal(join.status, 503, join.text);
        assert.equal((join.body as unknown as ErrorBody).errno, 201);
      } finally {
        await janus.start();
      }
      // Janus lost its rooms (they are not permanent): the next join makes it again, same id.
      const again = await joined(server, made.roomToken, 'Ben');
      assert.equal(again.provider, 'janus');
      assert.ok(await exists(again.janusRoom!));
    });
  });

  void describe('rooms that expire in the store release their Janus room', () => {
    let server: TestServer;
    const clock = new ManualClock(Date.now());
    before(async () => {
      server = await startTestServer({
        clock,
        env: { ...POLICY_ENV, LOOP_ROOM_SESSION_SWEEP_SECONDS: '3600', ...janus.loopEnv() },
      });
    });
    after(async () => {
      await server?.close();
    });

    void it('the sweep destroys the room of an expired room after two sightings, and keeps live ones', async () => {
      const owner = await registered(server);
      const ts = () => Math.floor(clock.now() / 1000);
      const expiring = await createRoom(owner, { maxSize: 6, expiresIn: 1 }, ts());
      const lasting = await createRoom(owner, { maxSize: 6, expiresIn: 24 }, ts());
      const ids = async (roomToken: string) => {
        const answer = await owner.request<JoinAnswer>('POST', `/rooms/${roomToken}`, {
          body: { action: 'join', displayName: 'Owner', clientMaxSize: 10 },
          timestampSec: ts(),
        });
        assert.equal(answer.status, 200, answer.text);
        return roomOf(answer.body.sessionId)!.room;
      };
      const expiringRoom = await ids(expiring.roomToken);
      const lastingRoom = await ids(lasting.roomToken);
      // The joins touched both rooms (at least the default lifetime from now): `lasting` is kept live past it,
      // as later joins would, and the clock moves past `expiring`'s end.
      const pastSec = (server.deps.config.roomDefaultTtlHours + 2) * 3600;
      assert.ok(await server.deps.store.rooms.touch(lasting.roomToken, ts(), ts() + pastSec + 3600));
      clock.advance(pastSec * 1000);
      assert.equal(await server.deps.store.rooms.get(expiring.roomToken), null, 'expired in the store');

      await server.deps.roomSessionSweep.sweep();
      await server.deps.sessionReleases.drain();
      assert.ok(await exists(expiringRoom), 'one sighting is not enough (a room is made before it is stored)');
      await server.deps.roomSessionSweep.sweep();
      await server.deps.sessionReleases.drain();
      assert.equal(await exists(expiringRoom), false, 'destroyed after the second');
      assert.ok(await exists(lastingRoom), 'a live room keeps its Janus room');
    });
  });
}
