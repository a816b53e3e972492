/**
 * The SDK against a real Loop server started in-process (real SQLite, real sockets): sessions, typed
 * operations, LoopError, the clock learnt from `Timestamp`, Basic auth for a room participant, and the
 * progress and user events websockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveHawkCredentials as serverDerive } from '../../../src/auth/session-token.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.ts';
import { Hawk } from '../../../tools/hawk-reference.ts';
import { LoopClient, LoopError, createSession, type LoopSession } from '../src/index.ts';

void describe('@loop/client against a Loop server', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  void it('registers an anonymous session whose Hawk credentials are the server’s derivation', async () => {
    const client = new LoopClient({ baseUrl: server.url });
    const session = await client.register();
    assert.match(session.token, /^[0-9a-f]{64}$/);
    assert.deepEqual({ ...session.credentials }, { ...serverDerive(session.token) });
    assert.equal(client.session, session);
    // Signed requests now pass: the session's own links, empty.
    const { data } = await client.GET('/call-url');
    assert.deepEqual(data, []);
  });

  void it('makes a call link and calls it, typed end to end (the README example)', async () => {
    const bob = new LoopClient({ baseUrl: server.url });
    await bob.register();
    const { data: link } = await bob.POST('/call-url', { body: { callerId: 'alice@example.com' } });
    assert.match(link.callUrl, /\/c\//);

    const alice = new LoopClient({ baseUrl: server.url });
    const { data: check } = await alice.GET('/calls/{token}', { params: { path: { token: link.callToken } } });
    assert.equal(typeof check.urlCreationDate, 'number');
    const { data: call } = await alice.POST('/calls/{token}', {
      params: { path: { token: link.callToken } },
      body: { callType: 'audio-video' },
    });
    assert.ok(call.callId);
    assert.ok(call.progressURL.startsWith('ws'));

    const { data: listed } = await bob.GET('/calls', { params: { query: { version: 0 } } });
    assert.deepEqual(
      listed.calls.map((item) => item.callId),
      [call.callId],
    );
  });

  void it('throws a LoopError with the status, errno, error and message of the answer', async () => {
    const anyone = new LoopClient({ baseUrl: server.url });
    const missing = await anyone.GET('/calls/{token}', { params: { path: { token: 'nonexistent1' } } }).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(missing instanceof LoopError);
    assert.equal(missing.status, 404);
    assert.equal(missing.errno, 105);
    assert.equal(missing.error, 'Token not found.');
    assert.ok(missing.message);

    const forgotten = new LoopClient({ baseUrl: server.url, session: await createSession('ab'.repeat(32)) });
    const refused = await forgotten.GET('/call-url').then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof LoopError);
    assert.equal(refused.status, 401);
    assert.equal(refused.errno, 110);

    const unauthenticated = await anyone.POST('/call-url', { body: {} }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(unauthenticated instanceof LoopError);
    assert.equal(unauthenticated.status, 401);
  });

  void it('reports an unreachable server as a LoopError with status 0 and no errno', async () => {
    const nowhere = new LoopClient({ baseUrl: 'http://127.0.0.1:9' });
    const error = await nowhere.GET('/').then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof LoopError);
    assert.equal(error.status, 0);
    assert.equal(error.errno, null);
  });

  void it('signs what the reference hawk package verifies, payload hash included', async () => {
    const session = await createSession('0f'.repeat(32));
    const seen: Request[] = [];
    const client = new LoopClient({
      baseUrl: 'http://loop.example:8080',
      session,
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await client.POST('/call-url', { body: { callerId: 'Alice' } });
    const request = seen[0];
    assert.ok(request);
    const credentials = { ...serverDerive(session.token), algorithm: 'sha256' as const };
    const verified = await Hawk.server.authenticate(
      {
        method: 'POST',
        url: '/call-url',
        host: 'loop.example',
        port: 8080,
        authorization: request.headers.get('authorization') ?? undefined,
        contentType: 'application/json',
      },
      async () => credentials,
      { payload: await request.text() },
    );
    assert.equal(verified.credentials.id, session.credentials.id);
    assert.match(request.headers.get('authorization') ?? '', /hash="/);
  });

  void it('raw() answers any request, errors included, without throwing', async () => {
    const client = new LoopClient({ baseUrl: server.url });
    await client.register();
    const bad = await client.raw('POST', '/call-url', { body: '{not json' });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { errno: number }).errno, 106);
    const unsigned = await client.raw('GET', '/call-url', { auth: false });
    assert.equal(unsigned.status, 401);
    const stale = await client.raw('GET', '/call-url', { timestampSec: 1_000_000 });
    assert.equal(stale.status, 401, 'an explicit timestamp is never corrected');
  });
});

void describe('@loop/client and a server whose clock is an hour ahead', () => {
  let server: TestServer;
  // Real time plus an hour: the offset stays an hour however long the tests before took.
  const clock = { now: () => Date.now() + 3600_000 };

  before(async () => {
    server = await startTestServer({ clock });
  });
  after(async () => {
    await server.close();
  });

  void it('learns the offset from the answers’ Timestamp and signs with the server’s time', async () => {
    const client = new LoopClient({ baseUrl: server.url });
    await client.register();
    const { data } = await client.GET('/call-url');
    assert.deepEqual(data, []);
    assert.ok(Math.abs(client.clockOffsetSec - 3600) <= 2, String(client.clockOffsetSec));
  });

  void it('re-signs a request refused for its timestamp once, when no answer taught the offset before', async () => {
    const first = new LoopClient({ baseUrl: server.url });
    const session: LoopSession = await first.register();
    const fresh = new LoopClient({ baseUrl: server.url, session });
    assert.equal(fresh.clockOffsetSec, 0);
    const { data } = await fresh.GET('/call-url');
    assert.deepEqual(data, []);
    assert.ok(Math.abs(fresh.clockOffsetSec - 3600) <= 2);
  });
});
