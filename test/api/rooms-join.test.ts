/**
 * Joining a room over HTTP: the answer, the capacity rule of spec §7.2 exactly (the owner's seat,
 * clientMaxSize, the same user's other devices), concurrent joins, signed-in participants, provider failure.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { LoopClient } from '../../tools/loop-client.ts';
import { BuiltinProvider } from '../../src/providers/builtin/builtin-provider.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { signInEnv, signInWithBearer, signInWithCodeFlow, startOidcProvider } from '../helpers/sign-in.ts';
import type { TestServer } from '../helpers/test-server.ts';
import {
  createRoom,
  guestJoins,
  joinBody,
  onEachStore,
  plain,
  registered,
  type ErrorBody,
  type FullRoomInfo,
  type JoinAnswer,
} from './rooms-support.ts';

await onEachStore('rooms: join and the capacity rule', 12, (start) => {
  let server: TestServer;
  let oidc: OidcProvider;
  let alice: LoopClient;

  before(async () => {
    oidc = await startOidcProvider();
    server = await start({ env: signInEnv(oidc) });
    alice = await registered(server);
  });
  after(async () => {
    await server.close();
    await oidc.stop();
  });

  const participants = async (roomToken: string) =>
    (await alice.request<FullRoomInfo>('GET', `/rooms/${roomToken}`)).body.participants;
  const refusal = (response: { status: number; body: unknown }) => {
    const body = response.body as ErrorBody;
    return [response.status, body.errno, body.error];
  };
  const ROOM_FULL = [400, 202, 'The room is full.'];
  const CLIENT_CAPACITY = [400, 121, 'Too many participants in the room for you to handle.'];

  void it('answers {apiKey, sessionId, sessionToken, expires}: strings and seconds; owner moderator, guest publisher', async () => {
    const room = await createRoom(alice);
    const guest = await guestJoins(server, room.roomToken, 'Guest');
    assert.equal(guest.status, 200, guest.text);
    for (const field of ['apiKey', 'sessionId', 'sessionToken', 'roomConnectionId'] as const)
      assert.equal(typeof guest.body[field], 'string', field);
    assert.equal(guest.body.expires, 300, 'LOOP_ROOM_PARTICIPANT_TTL_SECONDS');
    const owner = await alice.request<JoinAnswer>('POST', `/rooms/${room.roomToken}`, { body: joinBody('Alice') });
    assert.equal(owner.status, 200, owner.text);
    assert.equal(owner.body.sessionId, guest.body.sessionId, 'one provider session per room, made with it');
    const provider = server.deps.provider;
    assert.ok(provider instanceof BuiltinProvider);
    assert.deepEqual(provider.verifyToken(guest.body.sessionToken), {
      sid: guest.body.sessionId,
      role: 'publisher',
      pid: guest.body.roomConnectionId,
      name: 'Guest',
      exp: provider.verifyToken(guest.body.sessionToken)?.exp ?? 0,
    });
    assert.equal(provider.verifyToken(owner.body.sessionToken)?.role, 'moderator');
    const listed = await participants(room.roomToken);
    assert.deepEqual(
      listed.map((p) => [p.displayName, p.owner, p.roomConnectionId]),
      [
        ['Guest', false, guest.body.roomConnectionId],
        ['Alice', true, owner.body.roomConnectionId],
      ],
    );
  });

  void it("keeps the owner's seat: a room of 3 takes two guests, then only its owner", async () => {
    const room = await createRoom(alice, { maxSize: 3 });
    assert.equal((await guestJoins(server, room.roomToken, 'G1')).status, 200);
    assert.equal((await guestJoins(server, room.roomToken, 'G2')).status, 200);
    assert.deepEqual(refusal(await guestJoins(server, room.roomToken, 'G3')), ROOM_FULL);
    const bob = await registered(server);
    assert.deepEqual(
      refusal(await bob.request('POST', `/rooms/${room.roomToken}`, { body: joinBody('Bob') })),
      ROOM_FULL,
    );
    const owner = await alice.request('POST', `/rooms/${room.roomToken}`, { body: joinBody('Alice') });
    assert.equal(owner.status, 200, 'the seat kept for the owner');
    assert.equal((await participants(room.roomToken)).length, 3);
    const again = await alice.request('POST', `/rooms/${room.roomToken}`, { body: joinBody('Alice again') });
    assert.equal(again.status, 200, 'the owner rejoining never counts against itself');
    assert.deepEqual(
      (await participants(room.roomToken)).map((p) => p.displayName),
      ['G1', 'G2', 'Alice again'],
      'a rejoin from the same session replaces its participation',
    );
  });

  void it("sizes the room by the smallest clientMaxSize of the others, and refuses a joiner who can't handle them (121)", async () => {
    const room = await createRoom(alice, { maxSize: 5 });
    assert.equal((await alice.request('POST', `/rooms/${room.roomToken}`, { body: joinBody('Alice', 5) })).status, 200);
    assert.equal((await guestJoins(server, room.roomToken, 'Small', 2)).status, 200);
    assert.deepEqual(refusal(await guestJoins(server, room.roomToken, 'Third', 5)), ROOM_FULL, 'effective size 2');
    const other = await createRoom(alice, { maxSize: 5 });
    assert.equal(
      (await alice.request('POST', `/rooms/${other.roomToken}`, { body: joinBody('Alice', 5) })).status,
      200,
    );
    assert.equal((await guestJoins(server, other.roomToken, 'G1', 5)).status, 200);
    assert.deepEqual(refusal(await guestJoins(server, other.roomToken, 'Tiny', 2)), CLIENT_CAPACITY);
    assert.equal((await guestJoins(server, other.roomToken, 'Enough', 3)).status, 200);
    const info = (await alice.request<FullRoomInfo>('GET', `/rooms/${other.roomToken}`)).body;
    assert.equal(info.clientMaxSize, 3, 'the smallest of maxSize and every participant’s clientMaxSize');
  });

  void it('does not count the same signed-in user’s other device, and shows signed-in participants’ account', async () => {
    const room = await createRoom(alice, { maxSize: 2 });
    const dave = { sub: 'dave', email: 'dave@example.org', emailVerified: true };
    const [laptop, phone] = [new LoopClient(server.url), new LoopClient(server.url)];
    for (const device of [laptop, phone])
      assert.equal((await signInWithBearer(device, await oidc.accessToken(dave))).status, 200);
    assert.equal(
      (await laptop.request('POST', `/rooms/${room.roomToken}`, { body: joinBody('Dave (laptop)') })).status,
      200,
    );
    const second = await phone.request('POST', `/rooms/${room.roomToken}`, { body: joinBody('Dave (phone)') });
    assert.equal(second.status, 200, 'his laptop is not one of the "others"');
    assert.deepEqual(refusal(await guestJoins(server, room.roomToken, 'Guest')), ROOM_FULL);
    const listed = await participants(room.roomToken);
    assert.deepEqual(
      listed.map((p) => [p.displayName, p.account, p.owner]),
      [
        ['Dave (laptop)', 'dave@example.org', false],
        ['Dave (phone)', 'dave@example.org', false],
      ],
    );
    const seen = await phone.request<FullRoomInfo>('GET', `/rooms/${room.roomToken}`);
    assert.equal(seen.status, 200, 'a participant sees the full room');
    assert.equal(seen.body.participants.length, 2);
  });

  void it("moves a device's rooms to its account when it signs in; DELETE /account deletes them", async () => {
    const erin = oidc.addUser('erin@example.org');
    const device = await registered(server);
    const room = await createRoom(device, { roomOwner: 'Erin' });
    const signedIn = await signInWithCodeFlow(device, erin.email);
    assert.equal(signedIn.status, 200, signedIn.text);
    const otherDevice = new LoopClient(server.url);
    assert.equal((await signInWithBearer(otherDevice, await oidc.accessToken(erin))).status, 200);
    const listed = await otherDevice.request<FullRoomInfo[]>('GET', '/rooms');
    assert.deepEqual(
      listed.body.map((item) => item.roomToken),
      [room.roomToken],
    );
    assert.equal((await otherDevice.request('DELETE', '/account')).status, 204);
    assert.equal((await plain(server, 'GET', `/rooms/${room.roomToken}`)).status, 404);
  });

  void it('lets concurrent joins fill a room exactly, never over', async () => {
    const room = await createRoom(alice, { maxSize: 5 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => guestJoins(server, room.roomToken, `Crowd ${i}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 200).length, 4, `4 seats and the owner's: ${statuses}`);
    for (const answer of answers.filter((a) => a.status !== 200)) assert.deepEqual(refusal(answer), ROOM_FULL);
    assert.equal((await participants(room.roomToken)).length, 4);
  });

  void it('checks the join body: 108 naming what is missing, 107 for a bad clientMaxSize, 406 for a non-JSON Accept', async () => {
    const room = await createRoom(alice);
    const missing = await plain<ErrorBody>(server, 'POST', `/rooms/${room.roomToken}`, { body: { action: 'join' } });
    assert.deepEqual(refusal(missing), [400, 108, 'Missing: displayName, clientMaxSize']);
    const bad = await plain(server, 'POST', `/rooms/${room.roomToken}`, {
      body: { action: 'join', displayName: 'G', clientMaxSize: 'lots' },
    });
    assert.deepEqual(refusal(bad), [400, 107, 'clientMaxSize should be a number.']);
    const html = await plain(server, 'POST', `/rooms/${room.roomToken}`, {
      body: joinBody('G'),
      headers: { accept: 'text/html' },
    });
    assert.deepEqual(refusal(html), [406, 106, 'Request body should be defined as application/json']);
    const unknown = await plain(server, 'POST', '/rooms/noSuchRoom0', { body: joinBody('G') });
    assert.deepEqual(refusal(unknown), [404, 105, 'Token not found.']);
  });

  void it('moves the room’s ctime on a join', async () => {
    const room = await createRoom(alice);
    const before = (await alice.request<FullRoomInfo>('GET', `/rooms/${room.roomToken}`)).body.ctime;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await guestJoins(server, room.roomToken, 'Late');
    const after = (await alice.request<FullRoomInfo>('GET', `/rooms/${room.roomToken}`)).body;
    assert.ok(after.ctime > before, `${after.ctime} > ${before}`);
    assert.equal(after.creationTime, before);
  });
});

await onEachStore('rooms: a provider failure', 13, (start) => {
  void it('answers 503 errno 201 and stores no room', async () => {
    // A LiveKit server that is not there: the room's session cannot be made.
    const server = await start({
      env: {
        LOOP_PROVIDER: 'livekit',
        LIVEKIT_URL: 'http://127.0.0.1:9',
        LIVEKIT_API_KEY: 'key',
        LIVEKIT_API_SECRET: 'secret-secret-secret-secret-secret',
        LOOP_PROVIDER_ATTEMPTS: '1',
        LOOP_PROVIDER_TIMEOUT_MS: '500',
      },
    });
    try {
      const owner = await registered(server);
      const response = await owner.request<ErrorBody>('POST', '/rooms', {
        body: { roomName: 'x', roomOwner: 'A', maxSize: 2 },
      });
      assert.deepEqual([response.status, response.body.errno], [503, 201]);
      assert.equal(response.headers.get('retry-after'), '30');
      assert.deepEqual((await owner.request('GET', '/rooms')).body, []);
    } finally {
      await server.close();
    }
  });
});
