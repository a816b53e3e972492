/**
 * What a participant does once in a room, over HTTP: refresh, status, leave, logDomain; the room routes'
 * authentication (none, Hawk or Basic) and its refusals; JSON answers everywhere under /rooms.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { LoopClient } from '../../tools/loop-client.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import type { TestServer } from '../helpers/test-server.ts';
import {
  createRoom as createRoomAt,
  joinBody,
  onEachStore,
  plain,
  registered,
  type ErrorBody,
  type FullRoomInfo,
  type JoinAnswer,
} from './rooms-support.ts';

const STATUS = {
  event: 'Session.connectionCreated',
  state: 'sendrecv',
  connections: 2,
  sendStreams: 1,
  recvStreams: 1,
};
const INVALID_BASIC = 'Basic error="Invalid token; it may have expired."';

await onEachStore('rooms: participant actions and authentication', 14, (start) => {
  let server: TestServer;
  let clock: ManualClock;
  let alice: LoopClient;
  let bob: LoopClient;
  const ts = () => Math.floor(clock.now() / 1000);
  const hawk = <T = unknown>(client: LoopClient, path: string, body: unknown) =>
    client.request<T>('POST', path, { body, timestampSec: ts() });
  const createRoom = (client: LoopClient, body: Record<string, unknown> = {}) => createRoomAt(client, body, ts());
  const outcome = (response: { status: number; body: unknown }) => {
    const body = response.body as ErrorBody;
    return [response.status, body.errno, body.error];
  };

  before(async () => {
    clock = new ManualClock(Date.now());
    server = await start({ clock, env: { LOOP_ROOM_PARTICIPANT_TTL_SECONDS: '30' } });
    alice = await registered(server);
    bob = await registered(server);
  });
  after(() => server.close());

  async function roomWithGuest() {
    const room = await createRoom(alice);
    const joined = await plain<JoinAnswer>(server, 'POST', `/rooms/${room.roomToken}`, { body: joinBody('Guest') });
    assert.equal(joined.status, 200, joined.text);
    return { room, path: `/rooms/${room.roomToken}`, token: joined.body.sessionToken };
  }

  void it('refresh: {expires} with Basic or Hawk; 410 errno 111 once the participation ended', async () => {
    const { path, token } = await roomWithGuest();
    const basic = await plain(server, 'POST', path, { body: { action: 'refresh', sessionToken: token }, basic: token });
    assert.equal(basic.status, 200, basic.text);
    assert.deepEqual(basic.body, { expires: 30 });
    assert.ok(basic.headers.get('timestamp'));
    assert.equal((await hawk(bob, path, joinBody('Bob'))).status, 200);
    clock.advance(20_000);
    assert.deepEqual((await hawk(bob, path, { action: 'refresh' })).body, { expires: 30 });
    clock.advance(20_000);
    assert.equal((await hawk(bob, path, { action: 'refresh' })).status, 200, 'kept by the refresh 20 s ago');
    const lapsed = await plain(server, 'POST', path, { body: { action: 'refresh' }, basic: token });
    assert.deepEqual(outcome(lapsed), [401, 110, 'Unauthorized'], 'the guest stopped refreshing: its token is gone');
    assert.equal(lapsed.headers.get('www-authenticate'), INVALID_BASIC);
    clock.advance(31_000);
    assert.deepEqual(outcome(await hawk(bob, path, { action: 'refresh' })), [410, 111, 'Participation has expired.']);
  });

  void it('actions other than join need credentials: 401 errno 110, WWW-Authenticate Token,Hawk', async () => {
    const { path } = await roomWithGuest();
    for (const action of ['refresh', 'status', 'leave', 'logDomain']) {
      const response = await plain(server, 'POST', path, { body: { action, sessionToken: 'x' } });
      assert.deepEqual(outcome(response), [401, 110, 'Unauthorized'], action);
      assert.equal(response.headers.get('www-authenticate'), 'Token,Hawk');
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    }
  });

  void it('Basic: base64 of the token with or without ":"; unknown tokens and other schemes are 401', async () => {
    const { path, token } = await roomWithGuest();
    const bare = await plain(server, 'GET', path, {
      headers: { authorization: `Basic ${Buffer.from(token).toString('base64')}` },
    });
    assert.equal(bare.status, 200);
    assert.equal((bare.body as FullRoomInfo).participants.length, 1, 'a participant sees the full room');
    const unknown = await plain(server, 'GET', path, { basic: 'not-a-token' });
    assert.deepEqual(outcome(unknown), [401, 110, 'Unauthorized']);
    assert.equal(unknown.headers.get('www-authenticate'), INVALID_BASIC);
    const empty = await plain(server, 'GET', path, { headers: { authorization: 'Basic' } });
    assert.equal(empty.status, 401);
    const bearer = await plain(server, 'GET', path, { headers: { authorization: 'Bearer abc' } });
    assert.deepEqual(outcome(bearer), [401, 110, 'Unauthorized']);
    assert.equal(bearer.headers.get('www-authenticate'), 'Basic,Hawk error="Unsupported"');
    const other = await roomWithGuest();
    const elsewhere = await plain(server, 'GET', path, { basic: other.token });
    assert.equal(elsewhere.status, 401, "a guest's token is a credential for its own room only");
  });

  void it('status: 204 for a participant; each field checked; 400 errno 203 for someone not in the room', async () => {
    const { path, token } = await roomWithGuest();
    const ok = await plain(server, 'POST', path, { body: { action: 'status', ...STATUS }, basic: token });
    assert.equal(ok.status, 204);
    assert.equal(ok.text, '');
    const withoutState: Partial<typeof STATUS> = { ...STATUS };
    delete withoutState.state;
    const missing = await plain(server, 'POST', path, { body: { action: 'status', ...withoutState }, basic: token });
    assert.deepEqual(outcome(missing), [400, 107, "'state' field is missing in body."]);
    for (const field of ['connections', 'sendStreams', 'recvStreams']) {
      const bad = await plain(server, 'POST', path, {
        body: { action: 'status', ...STATUS, [field]: -1 },
        basic: token,
      });
      assert.deepEqual(outcome(bad), [400, 107, `Invalid ${field} number.`]);
    }
    const stranger = await hawk(bob, path, { action: 'status', ...STATUS });
    assert.deepEqual(outcome(stranger), [400, 203, "Can't update status for a room you aren't in."]);
  });

  void it('logDomain: 204; domains checked; 203 for someone not in the room', async () => {
    const { path, token } = await roomWithGuest();
    const domains = [{ domain: 'example.org', count: 3 }];
    assert.equal(
      (await plain(server, 'POST', path, { body: { action: 'logDomain', domains }, basic: token })).status,
      204,
    );
    const missing = await plain(server, 'POST', path, { body: { action: 'logDomain' }, basic: token });
    assert.deepEqual(outcome(missing), [400, 108, 'Missing: domains']);
    for (const bad of [[{ domain: 'example.org' }], [{ count: 1 }], 'example.org']) {
      const response = await plain(server, 'POST', path, { body: { action: 'logDomain', domains: bad }, basic: token });
      assert.deepEqual(outcome(response), [
        400,
        107,
        'Domains must be a list of objects with both a ``domain`` and ``count`` property.',
      ]);
    }
    const stranger = await hawk(bob, path, { action: 'logDomain', domains });
    assert.deepEqual(outcome(stranger), [400, 203, "Can't update status for a room you aren't in."]);
  });

  void it('leave: 204, the participant is gone and its token no longer works; leaving twice is 203', async () => {
    const { path, token } = await roomWithGuest();
    assert.equal((await hawk(bob, path, joinBody('Bob'))).status, 200);
    const left = await plain(server, 'POST', path, { body: { action: 'leave', sessionToken: token }, basic: token });
    assert.equal(left.status, 204);
    const info = (await alice.request<FullRoomInfo>('GET', path, { timestampSec: ts() })).body;
    assert.deepEqual(
      info.participants.map((p) => p.displayName),
      ['Bob'],
    );
    assert.equal((await plain(server, 'POST', path, { body: { action: 'refresh' }, basic: token })).status, 401);
    assert.equal((await hawk(bob, path, { action: 'leave' })).status, 204);
    assert.deepEqual(outcome(await hawk(bob, path, { action: 'leave' })), [
      400,
      203,
      'Unable to leave a room you have not joined.',
    ]);
  });

  void it('action: 108 when absent, 107 when unknown', async () => {
    const { path, token } = await roomWithGuest();
    const message = 'action should be one of join, refresh, status, leave, logDomain';
    assert.deepEqual(outcome(await plain(server, 'POST', path, { body: {}, basic: token })), [400, 108, message]);
    assert.deepEqual(outcome(await plain(server, 'POST', path, { body: { action: 'dance' }, basic: token })), [
      400,
      107,
      message,
    ]);
  });

  void it('a guest rejoining with its Basic token is one participant, and its new token is its credential', async () => {
    const { path, token } = await roomWithGuest();
    const again = await plain<JoinAnswer>(server, 'POST', path, { body: joinBody('Guest again'), basic: token });
    assert.equal(again.status, 200, again.text);
    const info = (await alice.request<FullRoomInfo>('GET', path, { timestampSec: ts() })).body;
    assert.deepEqual(
      info.participants.map((p) => p.displayName),
      ['Guest again'],
    );
    assert.equal(
      (await plain(server, 'POST', path, { body: { action: 'refresh' }, basic: again.body.sessionToken })).status,
      200,
    );
    assert.equal((await plain(server, 'POST', path, { body: { action: 'refresh' }, basic: token })).status, 401);
  });

  void it('answers JSON under /rooms for unknown routes and methods (404 errno 999, no redirect)', async () => {
    for (const [method, path] of [
      ['GET', '/rooms/abcdefghijk/extra'],
      ['PUT', '/rooms/abcdefghijk'],
      ['GET', '/v0/rooms/abcdefghijk/extra'],
    ] as const) {
      const response = await plain(server, method, path);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.deepEqual(response.body, {
        code: 404,
        errno: 999,
        error: 'Resource not found.',
        message: 'No such endpoint.',
      });
    }
    assert.equal((await plain(server, 'GET', '/not-rooms')).status, 307, 'elsewhere, unprefixed paths still redirect');
  });
});
