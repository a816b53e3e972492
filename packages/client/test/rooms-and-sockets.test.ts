/**
 * The SDK's room participant (Basic) and its two websockets, against a real Loop server: a guest joins a
 * room and refreshes with its token; a call's progress reaches both sides; the callee's user events
 * socket announces the call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.ts';
import { LoopClient, LoopError } from '../src/index.ts';

const CONTEXT = { value: 'c2VjcmV0', alg: 'AES-GCM', wrappedKey: 'd3JhcHBlZA' };

void describe('@loop/client: rooms and websockets', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  void it('a room guest joins anonymously, then refreshes and leaves with Basic auth', async () => {
    const owner = new LoopClient({ baseUrl: server.url });
    await owner.register();
    const { data: room, response } = await owner.POST('/rooms', {
      body: { roomOwner: 'Alice', maxSize: 3, context: CONTEXT },
    });
    assert.equal(response.status, 201);

    const guest = new LoopClient({ baseUrl: server.url });
    const path = { params: { path: { token: room.roomToken } } };
    const { data: joined } = await guest.POST('/rooms/{token}', {
      ...path,
      body: { action: 'join', displayName: 'Guest', clientMaxSize: 5 },
    });
    const token = (joined as { sessionToken?: unknown }).sessionToken;
    assert.equal(typeof token, 'string');

    guest.useBasicToken(token as string);
    const { data: refreshed } = await guest.POST('/rooms/{token}', { ...path, body: { action: 'refresh' } });
    assert.equal(typeof (refreshed as { expires?: unknown }).expires, 'number');
    const { data: full } = await guest.GET('/rooms/{token}', path);
    assert.deepEqual('participants' in full ? full.participants.map((p) => p.displayName) : null, ['Guest']);
    await guest.POST('/rooms/{token}', { ...path, body: { action: 'leave' } });

    // The token is spent: Basic with it is refused, as a LoopError.
    const spent = await guest.POST('/rooms/{token}', { ...path, body: { action: 'refresh' } }).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(spent instanceof LoopError);
    assert.ok(spent.status === 401 || spent.status === 410, String(spent.status));
  });

  void it('the callee’s user events socket announces the call; progress reaches both sides', async () => {
    const bob = new LoopClient({ baseUrl: server.url });
    await bob.register();
    const events = await bob.openUserEvents();
    assert.deepEqual(events.hello, { type: 'hello', pending: [] });

    const { data: link } = await bob.POST('/call-url', { body: { callerId: 'alice@example.com' } });
    const alice = new LoopClient({ baseUrl: server.url });
    const { data: call } = await alice.POST('/calls/{token}', {
      params: { path: { token: link.callToken } },
      body: { callType: 'audio-video' },
    });

    const announced = await events.socket.next();
    assert.equal(announced.type, 'incoming-call');
    assert.ok(announced.type === 'incoming-call' && announced.call.callId === call.callId);
    const calleeToken = announced.call.websocketToken;

    const caller = await alice.openProgress(call.progressURL, call.callId, call.websocketToken);
    assert.deepEqual(caller.hello, { messageType: 'hello', state: 'init' });
    const callee = await bob.openProgress(call.progressURL, call.callId, calleeToken);
    assert.deepEqual(callee.hello, { messageType: 'hello', state: 'init' });
    assert.deepEqual(await caller.socket.next(), { messageType: 'progress', state: 'alerting' });
    assert.deepEqual(await callee.socket.next(), { messageType: 'progress', state: 'alerting' });

    caller.socket.action('terminate', 'cancel');
    assert.deepEqual(await callee.socket.next(), { messageType: 'progress', state: 'terminated', reason: 'cancel' });
    // The stream ends when the server closes the socket after `terminated`.
    const rest = [];
    for await (const frame of callee.socket) rest.push(frame);
    assert.deepEqual(rest, []);
    assert.equal((await callee.socket.closed).code > 0, true);

    const ended = await events.socket.next();
    assert.deepEqual(ended, { type: 'call-ended', callId: call.callId, reason: 'cancel' });
    events.socket.close();
    caller.socket.close();
  });

  void it('a progress hello with a wrong token is answered with an error frame', async () => {
    const bob = new LoopClient({ baseUrl: server.url });
    await bob.register();
    const { data: link } = await bob.POST('/call-url', { body: { callerId: 'alice@example.com' } });
    const alice = new LoopClient({ baseUrl: server.url });
    const { data: call } = await alice.POST('/calls/{token}', {
      params: { path: { token: link.callToken } },
      body: { callType: 'audio' },
    });
    const { hello, socket } = await alice.openProgress(call.progressURL, call.callId, 'not-the-token');
    assert.deepEqual(hello, { messageType: 'error', reason: 'bad authentication' });
    await socket.closed;
  });
});
