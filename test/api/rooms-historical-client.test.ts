/**
 * A room as the 2016 Hello rooms client (the standalone link-clicker app, served from another origin) used it,
 * read from its code: it loads the room, joins with its `clientMaxSize`, refreshes with Basic auth every
 * `expires × 0.9` seconds, sends `status`, and leaves; every request is preflighted, and every answer is
 * parsed as JSON before its status is looked at.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, it } from 'node:test';
import type { TestServer } from '../helpers/test-server.ts';
import { createRoom, onEachStore, registered, type FullRoomInfo, type JoinAnswer } from './rooms-support.ts';
import type { LoopClient } from '../../tools/loop-client.ts';

const ORIGIN = 'http://hello.example:3000';

await onEachStore('rooms: the historical link-clicker client', 15, (start) => {
  let server: TestServer;
  let owner: LoopClient;

  before(async () => {
    server = await start({ env: { LOOP_ALLOWED_ORIGINS: ORIGIN, LOOP_ROOM_PARTICIPANT_TTL_SECONDS: '2' } });
    owner = await registered(server);
  });
  after(() => server.close());

  /** The browser's preflight for a request carrying `authorization` and/or `content-type`, checked. */
  async function preflight(method: string, path: string, headers: string): Promise<void> {
    const response = await fetch(`${server.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });
    assert.ok(response.status === 204 || response.status === 200, `preflight ${method} ${path}: ${response.status}`);
    assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', new RegExp(`\\b${method}\\b`));
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of headers.split(',')) assert.ok(allowed.includes(header.trim()), `${header} in "${allowed}"`);
  }

  /** One request as the client sends it: preflighted, from ORIGIN, its answer parsed as JSON whatever the status. */
  async function send<T>(method: string, path: string, options: { body?: unknown; basic?: string } = {}) {
    const headers: Record<string, string> = { origin: ORIGIN, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.basic !== undefined) headers.authorization = `Basic ${btoa(`${options.basic}:`)}`;
    const requested = Object.keys(headers).filter((name) => name === 'authorization' || name === 'content-type');
    await preflight(method, path, requested.length > 0 ? requested.join(',') : 'content-type');
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN, `${method} ${path} allows the origin`);
    const text = await response.text();
    // The client parses first: an answer that is not JSON (an HTML error page, a redirect) breaks it.
    const body = (text === '' ? null : JSON.parse(text)) as T;
    return { status: response.status, body, headers: response.headers };
  }

  void it('loads the room, joins, refreshes every expires × 0.9 s with Basic, sends status, and leaves', async () => {
    const room = await createRoom(owner, { roomOwner: 'Alice', maxSize: 3 });
    const roomToken = new URL(room.roomUrl).pathname.split('/').pop() ?? '';
    assert.equal(roomToken, room.roomToken, 'the client reads the token from roomUrl');
    const path = `/rooms/${roomToken}`;

    const loaded = await send<{ roomOwner: string; roomToken: string }>('GET', path);
    assert.equal(loaded.status, 200);
    assert.equal(loaded.body.roomOwner, 'Alice');

    const joined = await send<JoinAnswer>('POST', path, {
      body: { action: 'join', displayName: 'Guest', clientMaxSize: 4 },
    });
    assert.equal(joined.status, 200);
    const { apiKey, sessionId, sessionToken, expires } = joined.body;
    for (const value of [apiKey, sessionId, sessionToken]) assert.equal(typeof value, 'string');
    assert.equal(typeof expires, 'number');
    assert.equal(expires, 2);

    // Three refreshes at expires × 0.9: the participation outlives its TTL only through them.
    for (let round = 0; round < 3; round++) {
      await sleep(expires * 0.9 * 1000);
      const refreshed = await send<{ expires: number }>('POST', path, {
        body: { action: 'refresh', sessionToken },
        basic: sessionToken,
      });
      assert.equal(refreshed.status, 200, `refresh ${round}`);
      assert.equal(refreshed.body.expires, 2, 'every refresh answer carries expires, or the client drops the room');
    }

    const seen = await send<FullRoomInfo>('GET', path, { basic: sessionToken });
    assert.equal(seen.status, 200);
    assert.deepEqual(
      seen.body.participants.map((p) => p.displayName),
      ['Guest'],
    );
    const status = await send('POST', path, {
      body: {
        action: 'status',
        event: 'Session.connectionCreated',
        state: 'sendrecv',
        connections: 1,
        sendStreams: 1,
        recvStreams: 1,
      },
      basic: sessionToken,
    });
    assert.equal(status.status, 204);

    const left = await send('POST', path, { body: { action: 'leave', sessionToken }, basic: sessionToken });
    assert.equal(left.status, 204);
    const after = await owner.request<FullRoomInfo>('GET', path);
    assert.deepEqual(after.body.participants, []);
  });

  void it('a tab closed without leave: the participant is gone after its TTL', async () => {
    const room = await createRoom(owner);
    const path = `/rooms/${room.roomToken}`;
    const joined = await send<JoinAnswer>('POST', path, {
      body: { action: 'join', displayName: 'Gone', clientMaxSize: 4 },
    });
    assert.equal(joined.status, 200);
    await sleep(2100);
    assert.deepEqual((await owner.request<FullRoomInfo>('GET', path)).body.participants, []);
    const late = await send<{ errno: number }>('POST', path, {
      body: { action: 'refresh' },
      basic: joined.body.sessionToken,
    });
    assert.equal(late.status, 401);
  });

  void it('a leave without credentials after a failed room load is a clean JSON 401; errors are JSON', async () => {
    const unknown = await send<{ errno: number }>('GET', '/rooms/noSuchRoom0');
    assert.deepEqual([unknown.status, unknown.body.errno], [404, 105], 'only 105 and 111 read as "expired"');
    const room = await createRoom(owner, { maxSize: 2 });
    const path = `/rooms/${room.roomToken}`;
    const leave = await send<{ code: number; errno: number }>('POST', path, { body: { action: 'leave' } });
    assert.deepEqual([leave.status, leave.body.code, leave.body.errno], [401, 401, 110]);
    assert.equal(leave.headers.get('www-authenticate'), 'Token,Hawk');
    assert.equal(
      (await send('POST', path, { body: { action: 'join', displayName: 'A', clientMaxSize: 4 } })).status,
      200,
    );
    const full = await send<{ errno: number }>('POST', path, {
      body: { action: 'join', displayName: 'B', clientMaxSize: 4 },
    });
    assert.deepEqual([full.status, full.body.errno], [400, 202], '202 reads as "full"');
  });
});
