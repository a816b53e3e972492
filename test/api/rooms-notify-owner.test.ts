/**
 * Every room change made over HTTP reaches the owner (spec §7.6, §8): creation, modification (PATCH), a
 * guest's join and leave, a participant that stops refreshing (expiry), deletion (DELETE and bulk PATCH).
 * Each is one SimplePush `PUT version=<version>` to every `rooms` URL of the owner (signed in on two devices), none
 * to its `calls` URLs, and one `room-changed` frame on its events socket, with the version `GET /rooms`
 * lists the room under. On SQLite, then on Redis.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { userMacOf } from '../../src/identity/sign-in.ts';
import type { RoomEvent } from '../../src/rooms/room-event.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import { settle, type JsonSocket } from '../helpers/json-socket.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { registerDevice, openEventsSocket, type OwnerDevice } from '../helpers/room-owner.ts';
import { signInEnv, signInWithBearer, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';

/** This file's Redis database. */
const DB = 12;
const TTL_SEC = 0.5;
const OWNER = 'room.owner@example.com';
const CONTEXT = { value: 'Y2lwaGVydGV4dA', alg: 'AES-GCM', wrappedKey: 'd3JhcHBlZA' };
const redisUp = await requireRedis('room owner notifications over HTTP (Redis)');

interface Listed {
  roomToken: string;
  ctime?: number;
  deleted?: boolean;
}

function suite(store: 'sqlite' | 'redis') {
  let server: TestServer;
  let oidc: OidcProvider;
  let sink: SimplePushServer;
  let owner: LoopClient;
  let devices: OwnerDevice[];
  let events: JsonSocket;
  let roomToken: string;
  let guestToken: string;

  before(async () => {
    const env: Record<string, string> = { LOOP_ROOM_PARTICIPANT_TTL_SECONDS: String(TTL_SEC) };
    if (store === 'redis') {
      const flush = testRedis(DB);
      await flush.flushdb();
      await flush.quit();
      env.LOOP_STORE_URL = testRedisUrl(DB);
    }
    oidc = await startOidcProvider();
    sink = await new SimplePushServer().start();
    server = await startTestServer({ env: { ...signInEnv(oidc), ...env } });
    // The owner, signed in on two devices: the rooms made on one are the account's, and both are woken.
    const signedIn = async () => {
      const client = new LoopClient(server.url);
      const response = await signInWithBearer(client, await oidc.accessToken(oidc.addUser(OWNER)));
      assert.equal(response.status, 200, response.text);
      return registerDevice(client, sink);
    };
    devices = [await signedIn(), await signedIn()];
    owner = devices[0]!.client;
    const rooms = await server.deps.store.pushEndpoints.listForUser(userMacOf(server.deps, OWNER), 'rooms');
    assert.equal(rooms.length, 2);
    events = await openEventsSocket(server, owner);
  });
  after(async () => {
    events.close();
    await server.close();
    await Promise.all([sink.stop(), oidc.stop()]);
  });

  /** After `action`, exactly one push per rooms URL and one frame, both with the version GET /rooms shows. */
  async function expectNotified(event: RoomEvent, action: () => Promise<void>): Promise<number> {
    const before = sink.received.length;
    await action();
    const frame = await events.next(5000);
    await server.deps.push.drain();
    await settle();
    const pushes = sink.received.slice(before);
    assert.deepEqual(
      pushes.map((push) => push.path).sort(),
      devices.map((device) => device.paths.rooms).sort(),
      `${event}: one push to each rooms URL, none to calls URLs`,
    );
    assert.equal(new Set(pushes.map((push) => push.body)).size, 1, 'one version for every device');
    const version = Number(/^version=(\d+)$/.exec(pushes[0]?.body ?? '')?.[1]);
    assert.deepEqual(frame, { type: 'room-changed', roomToken, event, version });
    assert.deepEqual(events.unread, [], `${event}: one frame`);
    const listed = await owner.request<Listed[]>('GET', `/rooms?version=${version}`);
    assert.equal(listed.status, 200, listed.text);
    assert.ok(
      listed.body.some((item) => item.roomToken === roomToken),
      `${event}: GET /rooms?version=${version} lists the room`,
    );
    return version;
  }

  const expectOk = (response: LoopResponse, status: number) => assert.equal(response.status, status, response.text);
  const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` });
  const guest = (body: Record<string, unknown>, token?: string) =>
    new LoopClient(server.url).request<{ sessionToken: string }>('POST', `/rooms/${roomToken}`, {
      body,
      hawk: false,
      ...(token ? { headers: basic(token) } : {}),
    });

  void it('creation', async () => {
    await expectNotified('creation', async () => {
      const created = await owner.request<{ roomToken: string }>('POST', '/rooms', {
        body: { context: CONTEXT, roomOwner: 'Alice', maxSize: 3 },
      });
      expectOk(created, 201);
      roomToken = created.body.roomToken;
    });
  });

  void it('modification', async () => {
    await expectNotified('modification', async () =>
      expectOk(await owner.request('PATCH', `/rooms/${roomToken}`, { body: { context: CONTEXT } }), 200),
    );
  });

  void it('join and leave of a guest', async () => {
    await expectNotified('join', async () => {
      const joined = await guest({ action: 'join', displayName: 'Bob', clientMaxSize: 5 });
      expectOk(joined, 200);
      guestToken = joined.body.sessionToken;
    });
    await expectNotified('leave', async () => expectOk(await guest({ action: 'leave' }, guestToken), 204));
  });

  void it('expiry of a guest that stopped refreshing (the join scheduled it)', async () => {
    await expectNotified('join', async () =>
      expectOk(await guest({ action: 'join', displayName: 'Carol', clientMaxSize: 5 }), 200),
    );
    await expectNotified('expiry', async () => {});
    const room = await owner.request<{ participants: unknown[] }>('GET', `/rooms/${roomToken}`);
    assert.deepEqual(room.body.participants, []);
  });

  void it('deletion, by DELETE and by bulk PATCH', async () => {
    await expectNotified('deletion', async () => expectOk(await owner.request('DELETE', `/rooms/${roomToken}`), 204));
    await expectNotified('creation', async () => {
      const created = await owner.request<{ roomToken: string }>('POST', '/rooms', {
        body: { context: CONTEXT, roomOwner: 'Alice', maxSize: 3 },
      });
      expectOk(created, 201);
      roomToken = created.body.roomToken;
    });
    await expectNotified('deletion', async () =>
      expectOk(await owner.request('PATCH', '/rooms', { body: { deleteRoomTokens: [roomToken] } }), 207),
    );
  });

  void it('nothing reached a calls URL', () => {
    for (const device of devices) assert.equal(sink.to(device.paths.calls).length, 0);
  });
}

void describe('room owner notifications over HTTP (SQLite)', () => suite('sqlite'));
if (redisUp) void describe('room owner notifications over HTTP (Redis)', () => suite('redis'));
