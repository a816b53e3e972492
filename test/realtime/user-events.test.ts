/**
 * The user events channel on one instance: tickets, hello with the pending calls, incoming calls at once
 * (link and direct calls), calls ending, refusals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueTicket } from '../../src/realtime/user-events/user-events-ticket.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import { bobWithLink, startLinkCall } from '../helpers/calls.ts';
import { JsonSocket, settle } from '../helpers/json-socket.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { scrapedValue, waitForScrapedValue } from '../helpers/metrics.ts';
import { signInEnv, signInWithBearer, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** LOOP_WS_HELLO_TIMEOUT_SECONDS here: the time a socket has for its `hello`. */
const HELLO_TIMEOUT_SECONDS = 1;
let server: TestServer;
let oidc: OidcProvider;
let push: SimplePushServer;
const eventsUrl = () => `${server.url.replace('http:', 'ws:')}/events`;

async function ticketFor(client: LoopClient): Promise<string> {
  const response = await client.request<{ ticket: string; expiresIn: number }>('POST', '/events/ticket');
  assert.equal(response.status, 200, response.text);
  assert.equal(response.body.expiresIn, 30);
  return response.body.ticket;
}

async function openEvents(client: LoopClient): Promise<{ socket: JsonSocket; hello: Record<string, unknown> }> {
  // The ticket first: the socket's hello timeout is short here.
  const ticket = await ticketFor(client);
  const socket = await JsonSocket.open(eventsUrl());
  socket.send({ type: 'hello', ticket });
  return { socket, hello: await socket.next() };
}

async function cancel(callId: string, callerWebsocketToken: string): Promise<void> {
  const response = await fetch(`${server.url}/calls/id/${callId}/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ websocketToken: callerWebsocketToken }),
  });
  assert.equal(response.status, 204);
}

void describe('user events websocket', () => {
  before(async () => {
    oidc = await startOidcProvider();
    push = await new SimplePushServer().start();
    server = await startTestServer({
      env: { ...signInEnv(oidc), LOOP_WS_HELLO_TIMEOUT_SECONDS: String(HELLO_TIMEOUT_SECONDS) },
    });
  });
  after(async () => {
    await server.close();
    await oidc.stop();
    await push.stop();
  });

  void it('a ticket needs Hawk', async () => {
    const response = await new LoopClient(server.url).request('POST', '/events/ticket', { hawk: false });
    assert.equal(response.status, 401);
  });

  void it('rings at once on a new link call, with the item GET /calls shows, and says when it ends', async () => {
    const owner = await bobWithLink(server.url);
    const { socket, hello } = await openEvents(owner.bob);
    assert.deepEqual(hello, { type: 'hello', pending: [] });
    const call = await startLinkCall(server.url, owner);
    assert.deepEqual(await socket.next(), { type: 'incoming-call', call: call.calleeItem });
    await cancel(call.callId, call.callerToken);
    assert.deepEqual(await socket.next(), { type: 'call-ended', callId: call.callId, reason: 'cancel' });
    socket.send({ type: 'ping' });
    assert.deepEqual(await socket.next(), { type: 'pong' });
    await settle();
    assert.deepEqual(socket.unread, []);
    socket.close();
  });

  void it('hello lists the live calls and not the terminated ones', async () => {
    const owner = await bobWithLink(server.url);
    const ended = await startLinkCall(server.url, owner);
    const live = await startLinkCall(server.url, owner);
    await cancel(ended.callId, ended.callerToken);
    const { socket, hello } = await openEvents(owner.bob);
    assert.deepEqual(hello, { type: 'hello', pending: [live.calleeItem] });
    socket.close();
  });

  void it('rings every callee of a direct call, and tells each when the caller cancels', async () => {
    const signedIn = async (email: string) => {
      const client = new LoopClient(server.url);
      const user = oidc.users.get(email) ?? oidc.addUser(email);
      // Direct calls reach users with a device registered for calls.
      const registration = await signInWithBearer(client, await oidc.accessToken(user), {
        simplePushURLs: { calls: push.endpoint(`/${email}`) },
      });
      assert.equal(registration.status, 200, registration.text);
      return client;
    };
    const alice = await signedIn('alice@example.com');
    const [carol, dave] = [await signedIn('carol@example.com'), await signedIn('dave@example.com')];
    const sockets = [(await openEvents(carol)).socket, (await openEvents(dave)).socket];
    const call = await alice.request<{
      callId: string;
      websocketToken: string;
      signallingURL?: string;
      iceServers?: unknown;
    }>('POST', '/calls', {
      body: { calleeId: ['carol@example.com', 'dave@example.com'], callType: 'audio' },
    });
    assert.equal(call.status, 200, call.text);
    assert.match(
      call.body.signallingURL ?? '',
      /^ws:\/\/.*\/signalling$/,
      "a direct call's caller gets the signalling URL too",
    );
    assert.deepEqual(call.body.iceServers, []);
    for (const socket of sockets) {
      const frame = await socket.next();
      assert.equal(frame.type, 'incoming-call');
      assert.equal((frame.call as { callId: string; callerId: string }).callId, call.body.callId);
      assert.equal((frame.call as { callerId: string }).callerId, 'alice@example.com');
    }
    await cancel(call.body.callId, call.body.websocketToken);
    for (const socket of sockets)
      assert.deepEqual(await socket.next(), { type: 'call-ended', callId: call.body.callId, reason: 'cancel' });
    sockets.forEach((socket) => socket.close());
  });

  void it('a ticket works once; expired, forged or missing tickets are refused: invalid-ticket, 4401', async () => {
    const owner = await bobWithLink(server.url);
    const ticket = await ticketFor(owner.bob);
    const first = await JsonSocket.open(eventsUrl());
    first.send({ type: 'hello', ticket });
    assert.equal((await first.next()).type, 'hello');
    first.close();
    const secret = server.deps.secrets.userMacSecret;
    const expired = issueTicket({ clock: { now: () => Date.now() - 31_000 }, secret }, 'some-user').ticket;
    const forged = issueTicket({ clock: { now: () => Date.now() }, secret: 'ab'.repeat(32) }, 'some-user').ticket;
    for (const [name, bad] of Object.entries({ reused: ticket, expired, forged, garbage: 'x.y' })) {
      const socket = await JsonSocket.open(eventsUrl());
      socket.send({ type: 'hello', ticket: bad });
      assert.deepEqual(await socket.next(), { type: 'error', reason: 'invalid-ticket' }, name);
      assert.equal((await socket.waitClosed()).code, 4401, name);
    }
  });

  void it('anything but a hello first is bad-message and closes; after hello a bad frame is only refused', async () => {
    const before = await JsonSocket.open(eventsUrl());
    before.send({ type: 'ping' });
    assert.deepEqual(await before.next(), { type: 'error', reason: 'bad-message' });
    assert.equal((await before.waitClosed()).code, 4400);
    const owner = await bobWithLink(server.url);
    const { socket } = await openEvents(owner.bob);
    socket.send({ type: 'dance' });
    assert.deepEqual(await socket.next(), { type: 'error', reason: 'bad-message' });
    socket.send({ type: 'ping' });
    assert.deepEqual(await socket.next(), { type: 'pong' });
    socket.close();
  });

  void it('closes a socket that says no hello within LOOP_WS_HELLO_TIMEOUT_SECONDS: timeout, 4408', async () => {
    const socket = await JsonSocket.open(eventsUrl());
    assert.deepEqual(await socket.next(HELLO_TIMEOUT_SECONDS * 5000), { type: 'error', reason: 'timeout' });
    assert.equal((await socket.waitClosed()).code, 4408);
  });

  void it('/metrics shows the open user events sockets', async () => {
    const series = 'loop_user_event_sockets';
    // Sockets of earlier tests may still be closing: start from none open.
    await waitForScrapedValue(server.url, series, 0);
    const owner = await bobWithLink(server.url);
    const first = await openEvents(owner.bob);
    const second = await openEvents(owner.bob);
    assert.equal(await scrapedValue(server.url, series), 2);
    first.socket.close();
    await waitForScrapedValue(server.url, series, 1);
    second.socket.terminate();
    await waitForScrapedValue(server.url, series, 0);
  });

  void it('leaves no subscription behind once its sockets closed', async () => {
    const deadline = Date.now() + 2000;
    while (server.deps.eventBus.channelCount() > 0 && Date.now() < deadline) await settle(20);
    assert.equal(server.deps.eventBus.channelCount(), 0);
  });
});
