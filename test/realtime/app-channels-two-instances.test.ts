/**
 * The web app's two channels across two Loop instances on one Redis (store and pub/sub on DB 8, flushed
 * first: this file owns it): signalling between a caller on one and a callee on the other, and a call
 * made on one instance ringing the callee's events socket on the other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bobWithLink, startLinkCall } from '../helpers/calls.ts';
import { JsonSocket, settle } from '../helpers/json-socket.ts';
import { requireRedis } from '../helpers/requirements.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances.ts';

const DB = 8;
const offer = { description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
const answer = { description: { type: 'answer', sdp: 'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
const candidate = {
  candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 },
};

async function join(
  server: TestServer,
  token: unknown,
): Promise<{ socket: JsonSocket; joined: Record<string, unknown> }> {
  const socket = await JsonSocket.open(`${server.url.replace('http:', 'ws:')}/signalling`);
  socket.send({ type: 'join', token });
  return { socket, joined: await socket.next() };
}

if (await requireRedis('signalling and user events across two instances'))
  void describe('signalling and user events across two instances over Redis', () => {
    let pair: TwoInstances | undefined;
    let a: TestServer;
    let b: TestServer;

    before(async () => {
      pair = await startTwoInstances(DB);
      ({ a, b } = pair);
      assert.deepEqual([a.deps.eventBus.kind, b.deps.eventBus.kind], ['redis', 'redis']);
    });
    after(async () => {
      await pair?.close();
    });

    void it("caller on A, callee on B: presence from the other side's answer, then offer, answer and candidates relayed", async () => {
      const call = await startLinkCall(a.url);
      const caller = await join(a, call.callerAnswer.sessionToken);
      assert.equal(caller.joined.peerPresent, false);
      const callee = await join(b, call.calleeItem.sessionToken);
      assert.equal(callee.joined.peerPresent, true, 'B learnt from A that the caller is there');
      assert.deepEqual(await caller.socket.next(), { type: 'peer-joined', role: 'callee' });
      caller.socket.send({ type: 'signal', data: offer });
      assert.deepEqual(await callee.socket.next(), { type: 'signal', data: offer });
      callee.socket.send({ type: 'signal', data: answer });
      callee.socket.send({ type: 'signal', data: candidate });
      assert.deepEqual(await caller.socket.next(), { type: 'signal', data: answer });
      assert.deepEqual(await caller.socket.next(), { type: 'signal', data: candidate });
      caller.socket.send({ type: 'bye' });
      assert.deepEqual(await callee.socket.next(), { type: 'peer-left', role: 'caller', reason: 'bye' });
      callee.socket.close();
      await settle();
      assert.deepEqual(
        [caller.socket.unread, callee.socket.unread],
        [[], []],
        'each frame once, nothing duplicated by the two instances',
      );
    });

    void it('a callee rejoining on A replaces its connection on B; the caller on B negotiates with the new one', async () => {
      const call = await startLinkCall(a.url);
      const caller = await join(b, call.callerAnswer.sessionToken);
      const old = await join(b, call.calleeItem.sessionToken);
      assert.equal(old.joined.peerPresent, true);
      assert.deepEqual(await caller.socket.next(), { type: 'peer-joined', role: 'callee' });
      const fresh = await join(a, call.calleeItem.sessionToken);
      assert.equal(fresh.joined.peerPresent, true);
      assert.deepEqual(await old.socket.next(), { type: 'error', reason: 'replaced' });
      assert.equal((await old.socket.waitClosed()).code, 4409);
      assert.deepEqual(await caller.socket.next(), { type: 'peer-joined', role: 'callee' });
      caller.socket.send({ type: 'signal', data: offer });
      assert.deepEqual(await fresh.socket.next(), { type: 'signal', data: offer });
      fresh.socket.terminate();
      assert.deepEqual(await caller.socket.next(), { type: 'peer-left', role: 'callee', reason: 'disconnected' });
      caller.socket.close();
    });

    void it("a link call made on B rings the callee's events socket on A at once; its end on A reaches it too", async () => {
      const owner = await bobWithLink(a.url);
      const ticket = await owner.bob.request<{ ticket: string }>('POST', '/events/ticket');
      assert.equal(ticket.status, 200, ticket.text);
      const events = await JsonSocket.open(`${a.url.replace('http:', 'ws:')}/events`);
      events.send({ type: 'hello', ticket: ticket.body.ticket });
      assert.deepEqual(await events.next(), { type: 'hello', pending: [] });
      // Alice calls through instance B; Bob's app is on A.
      const call = await startLinkCall(b.url, owner);
      assert.deepEqual(await events.next(), { type: 'incoming-call', call: call.calleeItem });
      const cancelled = await fetch(`${b.url}/calls/id/${call.callId}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ websocketToken: call.callerToken }),
      });
      assert.equal(cancelled.status, 204);
      assert.deepEqual(await events.next(), { type: 'call-ended', callId: call.callId, reason: 'cancel' });
      events.close();
    });

    void it('a ticket used on A cannot be used again on B', async () => {
      const { bob } = await bobWithLink(a.url);
      const ticket = (await bob.request<{ ticket: string }>('POST', '/events/ticket')).body.ticket;
      const onA = await JsonSocket.open(`${a.url.replace('http:', 'ws:')}/events`);
      onA.send({ type: 'hello', ticket });
      assert.equal((await onA.next()).type, 'hello');
      const onB = await JsonSocket.open(`${b.url.replace('http:', 'ws:')}/events`);
      onB.send({ type: 'hello', ticket });
      assert.deepEqual(await onB.next(), { type: 'error', reason: 'invalid-ticket' });
      onA.close();
    });

    void it('releases the Redis subscriptions of sessions whose peers left, on both instances', async () => {
      const deadline = Date.now() + 2000;
      while ((a.deps.eventBus.channelCount() > 0 || b.deps.eventBus.channelCount() > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual([a.deps.eventBus.channelCount(), b.deps.eventBus.channelCount()], [0, 0]);
    });
  });
