/**
 * The progress websocket (spec §6.6) over real sockets on a listening server: every error reason, the
 * hello states, the happy path, several callee devices, terminate, and the 2016 defects fixed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listedCallIds, startLinkCall } from '../helpers/calls.ts';
import { alertingCall as alertingCallOn, ProgressClient } from '../helpers/progress-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer({ env: { LOOP_WS_MAX_FRAME_BYTES: '1024', LOOP_WS_MAX_SOCKETS_PER_CALL: '4' } });
});
after(async () => server.close());

const wsUrl = () => `${server.url.replace('http:', 'ws:')}/websocket`;
const connect = () => ProgressClient.open(wsUrl());

/** Expects exactly `error` with this reason, then the server closing the socket. */
async function expectError(client: ProgressClient, reason: string): Promise<void> {
  assert.deepEqual(await client.next(), { messageType: 'error', reason });
  const closed = await client.waitClosed();
  assert.equal(closed.code, 1008);
}

const alertingCall = () => alertingCallOn(server.url);

async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const stored = async (callId: string) => server.deps.store.calls.get(callId);

void describe('progress websocket: bad input', () => {
  void it('answers at the path of progressURL', async () => {
    const call = await startLinkCall(server.url);
    assert.equal(call.progressURL, wsUrl());
  });

  void it('echoes without a hello', async () => {
    const client = await connect();
    client.send({ messageType: 'echo', echo: { any: ['thing', 1] } });
    assert.deepEqual(await client.next(), { messageType: 'echo', echo: { any: ['thing', 1] } });
    client.close();
  });

  void it('refuses a non-JSON frame with "Malformed message." and closes', async () => {
    const client = await connect();
    client.send('this is not json');
    await expectError(client, 'Malformed message.');
  });

  void it('refuses an unknown message type', async () => {
    const client = await connect();
    client.send({ messageType: 'dance' });
    await expectError(client, 'Unknown messageType');
  });

  void it('names missing hello parameters', async () => {
    const client = await connect();
    client.send({ messageType: 'hello' });
    await expectError(client, 'Missing parameters: callId, auth');
  });

  void it('refuses an unknown callId', async () => {
    const client = await connect();
    client.send({ messageType: 'hello', callId: '0'.repeat(32), auth: 'f'.repeat(32) });
    await expectError(client, 'bad callId');
  });

  void it('refuses a token that matches neither side', async () => {
    const call = await startLinkCall(server.url);
    const client = await connect();
    client.send({ messageType: 'hello', callId: call.callId, auth: 'f'.repeat(32) });
    await expectError(client, 'bad authentication');
  });

  void it('refuses an action before hello', async () => {
    const client = await connect();
    client.action('accept');
    await expectError(client, 'bad authentication');
  });

  void it('refuses an action without event, an unknown event and a bad reason', async () => {
    const { call, caller, callee } = await alertingCall();
    const cases: Array<[unknown, string]> = [
      [{ messageType: 'action' }, 'Missing parameters: event'],
      [
        { messageType: 'action', event: 'dance' },
        'dance state is invalid. Should be one of: accept, media-up, terminate',
      ],
      [
        { messageType: 'action', event: 'terminate', reason: 'not alphanumeric!' },
        'Invalid reason: should be alphanumeric',
      ],
    ];
    for (const [frame, reason] of cases) {
      const extra = await connect();
      await extra.hello(call.callId, call.callerToken);
      extra.send(frame);
      await expectError(extra, reason);
    }
    caller.close();
    callee.close();
  });

  void it('closes a socket that sends a frame larger than the limit (1009)', async () => {
    const client = await connect();
    client.send({ messageType: 'echo', echo: 'x'.repeat(2000) });
    const closed = await client.waitClosed();
    assert.equal(closed.code, 1009);
  });

  void it('limits the sockets per call', async () => {
    const call = await startLinkCall(server.url);
    const sockets = [];
    for (let i = 0; i < 4; i++) {
      const socket = await connect();
      await socket.hello(call.callId, i % 2 ? call.calleeToken : call.callerToken);
      sockets.push(socket);
    }
    const extra = await connect();
    extra.send({ messageType: 'hello', callId: call.callId, auth: call.calleeToken });
    await expectError(extra, 'Too many connections for this call.');
    for (const socket of sockets) socket.close();
  });

  void it('never sends a token to the other side', async () => {
    const { call, caller, callee } = await alertingCall();
    callee.action('accept');
    const frames = [await caller.next(), await callee.next()];
    const text = JSON.stringify(frames);
    assert.ok(!text.includes(call.callerToken) && !text.includes(call.calleeToken));
    caller.close();
    callee.close();
  });
});

void describe('progress websocket: call flows', () => {
  void it('happy path: alerting, accept, connecting, half-connected, connected, then the server closes both sockets', async () => {
    const { call, caller, callee } = await alertingCall();
    callee.action('accept');
    assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'connecting' });
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'connecting' });
    caller.action('media-up');
    assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'half-connected' });
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'half-connected' });
    callee.action('media-up');
    assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'connected' });
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'connected' });
    assert.equal((await caller.waitClosed()).code, 1000);
    assert.equal((await callee.waitClosed()).code, 1000);

    // 2016 turned this call into terminated/closed when it closed the sockets; it stays connected.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const record = await stored(call.callId);
    assert.equal(record?.state, 'connected');
    assert.deepEqual(record?.devices, { caller: 0, callee: 0 });
    const late = await connect();
    assert.deepEqual(await late.hello(call.callId, call.calleeToken), { messageType: 'hello', state: 'connected' });
    await late.waitClosed();
  });

  void it('hello reports the current state to a late device and the reason of a terminated call', async () => {
    const { call, caller, callee } = await alertingCall();
    const late = await connect();
    assert.deepEqual(await late.hello(call.callId, call.calleeToken), { messageType: 'hello', state: 'alerting' });
    caller.action('terminate', 'cancel');
    for (const client of [caller, callee, late]) {
      assert.deepEqual(await client.next(), { messageType: 'progress', state: 'terminated', reason: 'cancel' });
      await client.waitClosed();
    }
    const after = await connect();
    assert.deepEqual(await after.hello(call.callId, call.callerToken), {
      messageType: 'hello',
      state: 'terminated',
      reason: 'cancel',
    });
    await after.waitClosed();
  });

  void it('only the callee may accept (2016 let the caller)', async () => {
    const { call, caller, callee } = await alertingCall();
    caller.action('accept');
    await expectError(caller, 'No transition from alerting state with accept event.');
    // The caller's only socket is gone: the call ends for the callee.
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'terminated', reason: 'closed' });
    assert.equal((await stored(call.callId))?.state, 'terminated');
  });

  void it('answered elsewhere: of two callee devices the one that accepts wins', async () => {
    const { call, caller, callee } = await alertingCall();
    const otherDevice = await connect();
    assert.deepEqual(await otherDevice.hello(call.callId, call.calleeToken), {
      messageType: 'hello',
      state: 'alerting',
    });
    callee.action('accept');
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'connecting' });
    assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'connecting' });
    assert.deepEqual(await otherDevice.next(), {
      messageType: 'progress',
      state: 'terminated',
      reason: 'answered-elsewhere',
    });
    await otherDevice.waitClosed();
    // The call itself goes on.
    caller.action('media-up');
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'half-connected' });
    assert.equal((await stored(call.callId))?.state, 'half-connected');
    caller.close();
    callee.close();
  });

  void it('busy: the callee terminates with a reason the caller receives', async () => {
    const { call, caller, callee } = await alertingCall();
    callee.action('terminate', 'busy');
    assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'terminated', reason: 'busy' });
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'terminated', reason: 'busy' });
    await caller.waitClosed();
    assert.deepEqual([(await stored(call.callId))?.state, (await stored(call.callId))?.reason], ['terminated', 'busy']);
    assert.ok(!(await listedCallIds(call.bob)).includes(call.callId), 'GET /calls no longer lists it');
  });

  void it('reject without a reason: terminated with no reason', async () => {
    const { caller, callee } = await alertingCall();
    callee.action('terminate');
    assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'terminated' });
    callee.close();
  });

  void it('refuses media-up before accept as an invalid transition', async () => {
    const { caller, callee } = await alertingCall();
    callee.action('media-up');
    await expectError(callee, 'No transition from alerting state with media-up event.');
    assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'terminated', reason: 'closed' });
  });

  void it('the caller closing its socket while ringing ends the call with closed', async () => {
    const { call, caller, callee } = await alertingCall();
    caller.close();
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'terminated', reason: 'closed' });
    assert.ok(!(await listedCallIds(call.bob)).includes(call.callId));
  });

  void it('one of two callee devices closing does not end the call', async () => {
    const { call, caller, callee } = await alertingCall();
    const second = await connect();
    await second.hello(call.callId, call.calleeToken);
    second.close();
    await second.waitClosed();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await stored(call.callId))?.state, 'alerting');
    assert.deepEqual(caller.unread, []);
    caller.close();
    callee.close();
  });

  void it('releases the call channel when the last socket closes', async () => {
    // Sockets of earlier tests finish closing first.
    await eventually(() => server.deps.eventBus.channelCount() === 0);
    const { call, caller, callee } = await alertingCall();
    const second = await connect();
    await second.hello(call.callId, call.calleeToken);
    assert.equal(server.deps.eventBus.channelCount(), 1, 'one channel per call, not per socket');
    caller.action('terminate', 'cancel');
    await Promise.all([caller.waitClosed(), callee.waitClosed(), second.waitClosed()]);
    await eventually(() => server.deps.eventBus.channelCount() === 0);
  });

  void it('counts finished calls by state and reason', async () => {
    const { caller, callee } = await alertingCall();
    callee.action('terminate', 'busy');
    await caller.waitClosed();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /loop_calls_finished_total\{state="terminated",reason="busy"\} [1-9]/);
  });
});
