/** Rooms over HTTP, owner side: create, read, list with deletion markers, PATCH, DELETE, bulk delete. */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { LoopClient } from '../../tools/loop-client.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import type { TestServer } from '../helpers/test-server.ts';
import {
  CONTEXT,
  createRoom as createRoomAt,
  guestJoins,
  onEachStore,
  plain,
  registered,
  type CreatedRoom,
  type ErrorBody,
  type FullRoomInfo,
} from './rooms-support.ts';

await onEachStore('rooms: create, read, change, delete', 11, (start) => {
  let server: TestServer;
  let clock: ManualClock;
  let alice: LoopClient;
  let bob: LoopClient;
  const ts = () => Math.floor(clock.now() / 1000);
  const createRoom = (client: LoopClient, body: Record<string, unknown> = {}) => createRoomAt(client, body, ts());
  const as = <T = unknown>(client: LoopClient, method: string, path: string, body?: unknown) =>
    client.request<T>(method, path, { body, timestampSec: ts() });

  before(async () => {
    clock = new ManualClock(Date.now());
    server = await start({ clock, env: { LOOP_ROOM_MAX_SIZE: '4', LOOP_ROOM_MAX_TTL_HOURS: '10' } });
    alice = await registered(server);
    bob = await registered(server);
  });
  after(() => server.close());

  void it('creates a room: 201 {roomToken, roomUrl, expiresAt}, the link on /r/, and the default lifetime', async () => {
    const created = await as<CreatedRoom>(alice, 'POST', '/rooms', {
      context: CONTEXT,
      roomOwner: 'Alice',
      maxSize: 3,
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(Object.keys(created.body).sort(), ['expiresAt', 'roomToken', 'roomUrl']);
    assert.match(created.body.roomToken, /^[A-Za-z0-9_-]{11}$/);
    assert.equal(created.body.roomUrl, `${server.url}/r/${created.body.roomToken}`);
    assert.equal(created.body.expiresAt, ts() + 1344 * 3600, 'LOOP_ROOM_DEFAULT_TTL_HOURS (1344)');
  });

  void it('refuses missing and invalid room fields with the historical errnos and messages', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ roomOwner: 'A', maxSize: 2 }, 108, 'Missing: context,roomName'],
      [{ context: CONTEXT }, 108, 'Missing: roomOwner, maxSize'],
      [
        { context: CONTEXT, roomName: 'x', roomOwner: 'A', maxSize: 2 },
        107,
        'roomName has been deprecated, please store it encrypted inside the context.',
      ],
      [
        { context: null, roomOwner: 'A', maxSize: 2 },
        107,
        'context should be an object containing `value`, `alg` and `wrappedKey` properties.',
      ],
      [
        { context: { value: 'v', alg: 'a' }, roomOwner: 'A', maxSize: 2 },
        107,
        'context should be an object containing `value`, `alg` and `wrappedKey` properties.',
      ],
      [
        { roomName: 'n'.repeat(101), roomOwner: 'A', maxSize: 2 },
        107,
        'roomName should be shorter than 100 characters',
      ],
      [
        { context: CONTEXT, roomOwner: 'o'.repeat(256), maxSize: 2 },
        107,
        'roomOwner should be shorter than 255 characters',
      ],
      [{ context: CONTEXT, roomOwner: 'A', maxSize: 5 }, 107, 'maxSize cannot be greater than 4'],
      [{ context: CONTEXT, roomOwner: 'A', maxSize: 'many' }, 107, 'maxSize should be a valid number'],
      [{ context: CONTEXT, roomOwner: 'A', maxSize: -1 }, 107, 'maxSize should be a valid number'],
      [{ context: CONTEXT, roomOwner: 'A', maxSize: 2, expiresIn: 11 }, 107, 'expiresIn cannot be greater than 10'],
      [{ context: CONTEXT, roomOwner: 'A', maxSize: 2, expiresIn: 'soon' }, 107, 'expiresIn should be a valid number'],
    ];
    for (const [body, errno, error] of cases) {
      const response = await as<ErrorBody>(alice, 'POST', '/rooms', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.deepEqual([response.body.errno, response.body.error], [errno, error], JSON.stringify(body));
    }
    const fresh = await registered(server);
    const refused = await as(fresh, 'POST', '/rooms', { context: CONTEXT, roomOwner: 'A', maxSize: 9 });
    assert.equal(refused.status, 400);
    assert.deepEqual((await as(fresh, 'GET', '/rooms')).body, [], 'nothing was stored');
    const unsigned = await plain<ErrorBody>(server, 'POST', '/rooms', { body: { context: CONTEXT } });
    assert.equal(unsigned.status, 401);
  });

  void it('accepts a legacy roomName with the Alert header, and form bodies with numbers as text', async () => {
    const legacy = await as<CreatedRoom>(bob, 'POST', '/rooms', { roomName: 'Family', roomOwner: 'Bob', maxSize: 2 });
    assert.equal(legacy.status, 201);
    assert.equal(legacy.headers.get('alert'), 'The roomName parameter has been deprecated, you should use context.');
    const form = await bob.request<CreatedRoom>('POST', '/rooms', {
      body: 'roomName=Form&roomOwner=Bob&maxSize=3&expiresIn=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timestampSec: ts(),
    });
    assert.equal(form.status, 201, form.text);
    assert.equal(form.body.expiresAt, ts() + 2 * 3600);
    const publicInfo = await plain(server, 'GET', `/rooms/${legacy.body.roomToken}`);
    assert.deepEqual(publicInfo.body, {
      roomToken: legacy.body.roomToken,
      roomName: 'Family',
      context: null,
      roomOwner: 'Bob',
      roomUrl: legacy.body.roomUrl,
    });
  });

  void it('shows public info without credentials, full info to the owner, 403 errno 999 to others', async () => {
    const room = await createRoom(alice, { maxSize: 3 });
    const publicInfo = await plain(server, 'GET', `/rooms/${room.roomToken}`);
    assert.equal(publicInfo.status, 200);
    assert.deepEqual(publicInfo.body, {
      roomToken: room.roomToken,
      context: CONTEXT,
      roomOwner: 'Alice',
      roomUrl: room.roomUrl,
    });
    const full = await as<FullRoomInfo>(alice, 'GET', `/rooms/${room.roomToken}`);
    assert.equal(full.status, 200);
    assert.deepEqual(full.body, {
      roomToken: room.roomToken,
      roomUrl: room.roomUrl,
      context: CONTEXT,
      roomOwner: 'Alice',
      maxSize: 3,
      clientMaxSize: 3,
      creationTime: ts(),
      expiresAt: room.expiresAt,
      ctime: ts(),
      participants: [],
    });
    const stranger = await as<ErrorBody>(bob, 'GET', `/rooms/${room.roomToken}`);
    assert.equal(stranger.status, 403);
    assert.deepEqual(stranger.body, {
      code: 403,
      errno: 999,
      error: 'Authenticated user is neither a participant of the room nor the room owner.',
      message: 'Authenticated user is neither a participant of the room nor the room owner.',
    });
    for (const path of ['/rooms/noSuchRoom0', '/rooms/not-a-token', '/v0/rooms/noSuchRoom0']) {
      const unknown = await plain<ErrorBody>(server, 'GET', path);
      assert.equal(unknown.status, 404, path);
      assert.deepEqual([unknown.body.errno, unknown.body.error], [105, 'Token not found.']);
    }
  });

  void it('PATCH changes only the fields sent (unlike 2016, the lifetime is kept); owner only', async () => {
    const room = await createRoom(alice, { maxSize: 3, expiresIn: 5 });
    clock.advance(60_000);
    const renamed = await as(alice, 'PATCH', `/rooms/${room.roomToken}`, { roomOwner: 'Alice B.' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.deepEqual(renamed.body, { expiresAt: room.expiresAt }, 'an omitted expiresIn keeps the lifetime');
    const newContext = { value: 'bmV3', alg: 'AES-GCM', wrappedKey: 'a2V5' };
    const longer = await as(alice, 'PATCH', `/rooms/${room.roomToken}`, {
      expiresIn: 8,
      context: newContext,
      maxSize: 4,
    });
    assert.deepEqual(longer.body, { expiresAt: ts() + 8 * 3600 });
    const full = (await as<FullRoomInfo>(alice, 'GET', `/rooms/${room.roomToken}`)).body;
    assert.deepEqual(
      [full.roomOwner, full.maxSize, full.context, full.ctime, full.creationTime],
      ['Alice B.', 4, newContext, ts(), ts() - 60],
    );
    const bad = await as<ErrorBody>(alice, 'PATCH', `/rooms/${room.roomToken}`, { maxSize: 9 });
    assert.deepEqual([bad.status, bad.body.errno, bad.body.error], [400, 107, 'maxSize cannot be greater than 4']);
    const nullContext = await as<ErrorBody>(alice, 'PATCH', `/rooms/${room.roomToken}`, { context: null });
    assert.equal(nullContext.body.errno, 107);
    const notOwner = await as<ErrorBody>(bob, 'PATCH', `/rooms/${room.roomToken}`, { roomOwner: 'Mallory' });
    assert.deepEqual(
      [notOwner.status, notOwner.body.errno, notOwner.body.error],
      [403, 999, 'Authenticated user is not the owner of this room.'],
    );
    const unknown = await as<ErrorBody>(alice, 'PATCH', '/rooms/noSuchRoom0', { roomOwner: 'A' });
    assert.deepEqual([unknown.status, unknown.body.errno], [404, 105]);
  });

  void it('lists the owner’s rooms by ctime, and with ?version= only newer ones, then deletion markers', async () => {
    const carol = await registered(server);
    const first = await createRoom(carol, { roomOwner: 'Carol' });
    clock.advance(2000);
    const second = await createRoom(carol, { roomOwner: 'Carol' });
    const since = ts();
    clock.advance(2000);
    const third = await createRoom(carol, { roomOwner: 'Carol' });
    const all = (await as<FullRoomInfo[]>(carol, 'GET', '/rooms')).body;
    assert.deepEqual(
      all.map((room) => room.roomToken),
      [first, second, third].map((room) => room.roomToken),
    );
    assert.equal(all[0]?.roomUrl, first.roomUrl);
    assert.equal((await as(carol, 'DELETE', `/rooms/${first.roomToken}`)).status, 204);
    const changed = (await as<unknown[]>(carol, 'GET', `/rooms?version=${since}`)).body;
    assert.deepEqual(
      changed.map((item) => ((item as { deleted?: true }).deleted ? item : (item as FullRoomInfo).roomToken)),
      [second.roomToken, third.roomToken, { roomToken: first.roomToken, deleted: true }],
    );
    const withoutVersion = (await as<FullRoomInfo[]>(carol, 'GET', '/rooms')).body;
    assert.deepEqual(
      withoutVersion.map((room) => room.roomToken),
      [second.roomToken, third.roomToken],
    );
    clock.advance(1621 * 1000);
    const later = (await as<unknown[]>(carol, 'GET', `/rooms?version=${since}`)).body;
    assert.equal(later.length, 2, 'the marker is gone after LOOP_ROOM_DELETED_TTL_SECONDS');
    const badVersion = await as<ErrorBody>(carol, 'GET', '/rooms?version=yesterday');
    assert.equal(badVersion.body.errno, 107);
  });

  void it('DELETE: owner only, then 404 everywhere; its guests lose their Basic credential', async () => {
    const room = await createRoom(alice);
    const guest = await guestJoins(server, room.roomToken, 'Guest');
    assert.equal(guest.status, 200, guest.text);
    const notOwner = await as<ErrorBody>(bob, 'DELETE', `/rooms/${room.roomToken}`);
    assert.deepEqual([notOwner.status, notOwner.body.errno], [403, 999]);
    assert.equal((await as(alice, 'DELETE', `/rooms/${room.roomToken}`)).status, 204);
    assert.equal((await as(alice, 'DELETE', `/rooms/${room.roomToken}`)).status, 404);
    assert.equal((await plain(server, 'GET', `/rooms/${room.roomToken}`)).status, 404);
    const refresh = await plain(server, 'POST', `/rooms/${room.roomToken}`, {
      body: { action: 'refresh' },
      basic: guest.body.sessionToken,
    });
    assert.equal(refresh.status, 404);
  });

  void it('PATCH /rooms deletes the owner’s rooms among deleteRoomTokens: 207 with per-token results, 404 when none', async () => {
    const mine = [await createRoom(alice), await createRoom(alice)];
    const bobs = await createRoom(bob, { roomOwner: 'Bob' });
    const tokens = [...mine.map((room) => room.roomToken), bobs.roomToken, 'noSuchRoom0'];
    const mixed = await as(alice, 'PATCH', '/rooms', { deleteRoomTokens: tokens });
    assert.equal(mixed.status, 207);
    const notFound = { code: 404, errno: 105, error: 'Room not found.' };
    assert.deepEqual(mixed.body, {
      responses: {
        [mine[0]!.roomToken]: { code: 200 },
        [mine[1]!.roomToken]: { code: 200 },
        [bobs.roomToken]: notFound,
        noSuchRoom0: notFound,
      },
    });
    assert.equal((await plain(server, 'GET', `/rooms/${bobs.roomToken}`)).status, 200, "Bob's room is untouched");
    const none = await as(alice, 'PATCH', '/rooms', { deleteRoomTokens: [mine[0]!.roomToken] });
    assert.equal(none.status, 404);
    assert.deepEqual(none.body, { responses: { [mine[0]!.roomToken]: notFound } });
    const empty = await as<ErrorBody>(alice, 'PATCH', '/rooms', { deleteRoomTokens: [] });
    assert.deepEqual(
      [empty.status, empty.body.errno, empty.body.error],
      [400, 107, 'deleteRoomTokens should not be empty.'],
    );
    const missing = await as<ErrorBody>(alice, 'PATCH', '/rooms', {});
    assert.deepEqual([missing.body.errno, missing.body.error], [108, 'Missing: deleteRoomTokens']);
  });

  void it('expires a room by the clock: 404 errno 105 and gone from the list', async () => {
    const room = await createRoom(alice, { expiresIn: 1 });
    clock.advance(3600 * 1000);
    assert.equal((await plain(server, 'GET', `/rooms/${room.roomToken}`)).status, 404);
    const listed = (await as<FullRoomInfo[]>(alice, 'GET', '/rooms')).body;
    assert.ok(!listed.some((item) => item.roomToken === room.roomToken));
  });
});
