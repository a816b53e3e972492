/**
 * Several Janus servers (JANUS_INSTANCES) behind two Loop instances on one Redis, against two real Janus
 * processes (two configurations, different ports, the same secrets): new rooms spread over both (the least
 * loaded first); a room stays on its Janus, which its session id names, so its participants all land there
 * whichever Loop instance they join through (each answer's `janusUrl` is that Janus, and its token joins
 * the room there); deleting a room destroys it on its Janus. With one Janus down: new rooms go to the other,
 * joins of the rooms it held answer 503 errno 201, the others' joins still work, and the heartbeat names the
 * Janus that failed. Back up (its rooms lost: they are not permanent), a join makes its room again there.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { roomOf } from '../../src/providers/janus/janus-room-ids.ts';
import { JanusVideoRoomClient } from '../../src/providers/janus/videoroom.ts';
import { JanusServer } from '../../tools/janus-server.ts';
import type { LoopClient } from '../../tools/loop-client.ts';
import { createRoom, guestJoins, registered, type ErrorBody, type JoinAnswer } from '../api/rooms-support.ts';
import { JanusParticipant } from '../helpers/janus-participant.ts';
import { requireJanus, requireRedis } from '../helpers/requirements.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances.ts';

const DB = 10;
const NAMES = ['east', 'west'] as const;
type Name = (typeof NAMES)[number];

interface JanusAnswer extends JoinAnswer {
  provider: string;
  janusUrl: string;
  janusRoom: number;
}

const iceAddress = requireJanus('several Janus servers');
if (iceAddress !== null && (await requireRedis('several Janus servers')))
  void describe('several Janus servers: rooms spread, pinned, and a Janus down', () => {
    const secrets = { apiSecret: randomBytes(16).toString('hex'), adminSecret: randomBytes(16).toString('hex') };
    const janus = {} as Record<Name, JanusServer>;
    const operator = {} as Record<Name, JanusVideoRoomClient>;
    let pair: TwoInstances;
    let owner: LoopClient;

    /** The Janus a session id names. */
    const janusOf = (sessionId: string): Name => {
      const instance = roomOf(sessionId)?.instance;
      assert.ok(instance === 'east' || instance === 'west', `a session on a named Janus: ${sessionId}`);
      return instance;
    };
    const exists = (name: Name, room: number) =>
      operator[name].withVideoRoom(async (request) => (await request({ request: 'exists', room })).exists === true);

    async function joins(server: TestServer, roomToken: string, who: string): Promise<JanusAnswer> {
      const answer = await guestJoins(server, roomToken, who);
      assert.equal(answer.status, 200, answer.text);
      const body = answer.body as JanusAnswer;
      assert.equal(body.provider, 'janus');
      return body;
    }

    /** Admission where the answer says: the token opens that Janus and joins the room as a publisher. */
    async function admitted(answer: JanusAnswer): Promise<void> {
      const participant = new JanusParticipant(answer.janusUrl, answer.sessionToken);
      assert.deepEqual(await participant.open(), { ok: true, data: {} });
      const join = await participant.join(answer.janusRoom);
      assert.equal(join.ok, true, JSON.stringify(join));
      await participant.close();
    }

    before(async () => {
      for (const name of NAMES) {
        janus[name] = await new JanusServer(iceAddress, secrets).start();
        operator[name] = new JanusVideoRoomClient({
          url: janus[name].url,
          apiSecret: secrets.apiSecret,
          timeoutMs: 2000,
        });
      }
      const instances = Object.fromEntries(
        NAMES.map((name) => [name, { url: janus[name].url, adminUrl: janus[name].adminUrl }]),
      );
      pair = await startTwoInstances(DB, {
        LOOP_PROVIDER: 'builtin',
        LOOP_SFU_PROVIDER: 'janus',
        LOOP_MESH_MAX: '4',
        LOOP_PROVIDER_TIMEOUT_MS: '1000',
        JANUS_INSTANCES: JSON.stringify(instances),
        JANUS_API_SECRET: secrets.apiSecret,
        JANUS_ADMIN_SECRET: secrets.adminSecret,
      });
      owner = await registered(pair.a);
    });
    after(async () => {
      await pair?.close();
      for (const name of NAMES) await janus[name]?.destroy();
    });

    const rooms: Array<{ roomToken: string; on: Name; janusRoom: number }> = [];

    void it('new rooms spread over both; each room is pinned: all its participants land on its Janus', async () => {
      for (let i = 0; i < 6; i += 1) {
        const { roomToken } = await createRoom(owner, { maxSize: 6 });
        const stored = await pair.a.deps.store.rooms.get(roomToken);
        assert.ok(stored);
        const on = janusOf(stored.sessionId);
        rooms.push({ roomToken, on, janusRoom: roomOf(stored.sessionId)!.room });
      }
      const count = (name: Name) => rooms.filter((room) => room.on === name).length;
      // Least loaded first, from empty: one each in turn.
      assert.deepEqual([count('east'), count('west')], [3, 3], JSON.stringify(rooms));

      for (const room of rooms) {
        assert.ok(await exists(room.on, room.janusRoom), 'made on its Janus');
        const other: Name = room.on === 'east' ? 'west' : 'east';
        assert.equal(await exists(other, room.janusRoom), false, 'and only there');
        // Two guests through different Loop instances: the same Janus, the same room, both admitted.
        for (const [server, who] of [
          [pair.a, 'Ana'],
          [pair.b, 'Ben'],
        ] as const) {
          const answer = await joins(server, room.roomToken, who);
          assert.equal(answer.janusUrl, janus[room.on].url, `${who} is sent to the room's Janus`);
          assert.equal(answer.janusRoom, room.janusRoom);
          await admitted(answer);
        }
      }
    });

    void it('deleting a room destroys it on its own Janus', async () => {
      const room = rooms.pop()!;
      assert.equal((await owner.request('DELETE', `/rooms/${room.roomToken}`)).status, 204);
      const deadline = Date.now() + 5000;
      while (await exists(room.on, room.janusRoom)) {
        assert.ok(Date.now() < deadline, 'the VideoRoom room is destroyed');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });

    void it('the heartbeat checks every Janus', async () => {
      const healthy = await fetch(`${pair.b.url}/__heartbeat__`);
      assert.equal(healthy.status, 200, await healthy.clone().text());
    });

    void it('one Janus down: new rooms go to the other, its rooms answer 503 errno 201, the others still join', async () => {
      await janus.west.stop();
      const heartbeat = await fetch(`${pair.a.url}/__heartbeat__`);
      assert.equal(heartbeat.status, 503);
      const health = (await heartbeat.json()) as { provider: boolean; message?: string };
      assert.equal(health.provider, false);
      assert.match(health.message ?? '', /Janus west/);
      assert.doesNotMatch(health.message ?? '', /Janus east/);
      assert.doesNotMatch(health.message ?? '', new RegExp(`${secrets.apiSecret}|${secrets.adminSecret}`));

      // New rooms, through either Loop instance, all go to east (the first may find west gone first).
      for (const [index, server] of [pair.a, pair.b, pair.a, pair.b].entries()) {
        const client = index === 0 ? owner : await registered(server);
        const { roomToken } = await createRoom(client, { maxSize: 6 });
        const stored = await server.deps.store.rooms.get(roomToken);
        assert.equal(janusOf(stored!.sessionId), 'east', `room ${index} goes to the Janus that is up`);
        await admitted(await joins(server, roomToken, 'Cleo'));
      }

      for (const room of rooms) {
        const answer = await guestJoins(pair.b, room.roomToken, 'Dan');
        if (room.on === 'west') {
          assert.equal(answer.status, 503, answer.text);
          assert.equal((answer.body as unknown as ErrorBody).errno, 201);
        } else {
          assert.equal(answer.status, 200, answer.text);
          await admitted(answer.body as JanusAnswer);
        }
      }
    });

    void it('back up: a join makes its lost room again on the same Janus', async () => {
      await janus.west.start();
      const room = rooms.find((r) => r.on === 'west')!;
      assert.equal(await exists('west', room.janusRoom), false, 'rooms are not permanent: lost in the restart');
      const answer = await joins(pair.a, room.roomToken, 'Eve');
      assert.equal(answer.janusUrl, janus.west.url);
      await admitted(answer);
      assert.ok(await exists('west', room.janusRoom));
      assert.equal((await fetch(`${pair.a.url}/__heartbeat__`)).status, 200);
    });
  });
