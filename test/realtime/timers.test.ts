/**
 * The three call timers (spec §6.7) with 0.05 s durations, over real sockets; and a deadline that outlives
 * the server that set it: stop the server mid-ring, start another on the same SQLite file, the call still
 * ends with timeout.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { listedCallIds, startLinkCall } from '../helpers/calls.ts';
import { ProgressClient } from '../helpers/progress-client.ts';
import { startTestServer, tempDir, type TestServer } from '../helpers/test-server.ts';

const FAST_TIMERS = { LOOP_TIMER_SUPERVISORY: '0.05', LOOP_TIMER_RINGING: '0.05', LOOP_TIMER_CONNECTION: '0.05' };
const timedOut = { messageType: 'progress', state: 'terminated', reason: 'timeout' };
const wsUrl = (server: TestServer) => `${server.url.replace('http:', 'ws:')}/websocket`;

/** One server per timer: the timer under test is 0.05 s, the others long enough never to interfere. */
async function serverWith(fast: keyof typeof FAST_TIMERS): Promise<TestServer> {
  return startTestServer({
    env: {
      LOOP_TIMER_SUPERVISORY: '5',
      LOOP_TIMER_RINGING: '5',
      LOOP_TIMER_CONNECTION: '5',
      [fast]: FAST_TIMERS[fast],
    },
  });
}

void describe('call timers', () => {
  const servers: Partial<Record<keyof typeof FAST_TIMERS, TestServer>> = {};
  before(async () => {
    for (const name of Object.keys(FAST_TIMERS) as Array<keyof typeof FAST_TIMERS>)
      servers[name] = await serverWith(name);
  });
  after(async () => {
    for (const started of Object.values(servers)) await started?.close();
  });

  void it('supervisory: one side said hello and the other never came', async () => {
    const server = servers.LOOP_TIMER_SUPERVISORY!;
    const call = await startLinkCall(server.url);
    const caller = await ProgressClient.open(wsUrl(server));
    assert.deepEqual(await caller.hello(call.callId, call.callerToken), { messageType: 'hello', state: 'init' });
    assert.deepEqual(await caller.next(), timedOut);
    await caller.waitClosed();
    const record = await server.deps.store.calls.get(call.callId);
    assert.deepEqual([record?.state, record?.reason, record?.nextDeadlineAt], ['terminated', 'timeout', null]);
    assert.ok(!(await listedCallIds(call.bob)).includes(call.callId));
  });

  void it('ringing: nobody accepted', async () => {
    const server = servers.LOOP_TIMER_RINGING!;
    const call = await startLinkCall(server.url);
    const caller = await ProgressClient.open(wsUrl(server));
    await caller.hello(call.callId, call.callerToken);
    const callee = await ProgressClient.open(wsUrl(server));
    await callee.hello(call.callId, call.calleeToken);
    for (const client of [caller, callee]) {
      assert.deepEqual(await client.next(), { messageType: 'progress', state: 'alerting' });
      assert.deepEqual(await client.next(), timedOut);
    }
  });

  void it('connection: accepted but media never came up on both sides', async () => {
    const server = servers.LOOP_TIMER_CONNECTION!;
    const call = await startLinkCall(server.url);
    const caller = await ProgressClient.open(wsUrl(server));
    await caller.hello(call.callId, call.callerToken);
    const callee = await ProgressClient.open(wsUrl(server));
    await callee.hello(call.callId, call.calleeToken);
    await caller.next();
    await callee.next();
    callee.action('accept');
    caller.action('media-up');
    for (const client of [caller, callee]) {
      const states = [];
      for (;;) {
        const frame = await client.next();
        states.push(frame.state);
        if (frame.state === 'terminated') {
          assert.equal(frame.reason, 'timeout');
          break;
        }
      }
      assert.deepEqual(
        states.filter((state) => state !== 'half-connected'),
        ['connecting', 'terminated'],
      );
    }
  });

  void it('a connected call is not ended by the connection timer', async () => {
    const server = servers.LOOP_TIMER_SUPERVISORY!;
    const call = await startLinkCall(server.url);
    const slow = await startTestServer({ env: { LOOP_TIMER_CONNECTION: '0.3' } });
    try {
      const slowCall = await startLinkCall(slow.url);
      const caller = await ProgressClient.open(wsUrl(slow));
      await caller.hello(slowCall.callId, slowCall.callerToken);
      const callee = await ProgressClient.open(wsUrl(slow));
      await callee.hello(slowCall.callId, slowCall.calleeToken);
      callee.action('accept');
      caller.action('media-up');
      callee.action('media-up');
      await caller.waitClosed();
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal((await slow.deps.store.calls.get(slowCall.callId))?.state, 'connected');
    } finally {
      await slow.close();
    }
    assert.equal(
      (await server.deps.store.calls.get(call.callId))?.state,
      'init',
      'a call nobody joined has no timer running',
    );
  });
});

void describe('a deadline outlives the server that set it', () => {
  const dataDir = tempDir();
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  void it('stop the server while ringing, start another on the same SQLite file: the call still times out', async () => {
    const env = { LOOP_TIMER_SUPERVISORY: '5', LOOP_TIMER_RINGING: '0.5', LOOP_TIMER_CONNECTION: '5' };
    const first = await startTestServer({ env, dataDir });
    const call = await startLinkCall(first.url);
    const caller = await ProgressClient.open(wsUrl(first));
    await caller.hello(call.callId, call.callerToken);
    const callee = await ProgressClient.open(wsUrl(first));
    await callee.hello(call.callId, call.calleeToken);
    assert.equal((await caller.next()).state, 'alerting');
    await first.close();
    assert.equal((await caller.waitClosed()).code, 1001, 'going away, not an ended call');

    const second = await startTestServer({ env, dataDir });
    try {
      const pending = await second.deps.store.calls.get(call.callId);
      assert.equal(pending?.state, 'alerting', 'shutting down did not end the call');
      assert.deepEqual(pending?.devices, { caller: 0, callee: 0 });
      const deadline = Date.now() + 3000;
      let state: string | undefined = pending?.state;
      while (state !== 'terminated' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        state = (await second.deps.store.calls.get(call.callId))?.state;
      }
      const ended = await second.deps.store.calls.get(call.callId);
      assert.deepEqual([ended?.state, ended?.reason], ['terminated', 'timeout']);
      const late = await ProgressClient.open(wsUrl(second));
      assert.deepEqual(await late.hello(call.callId, call.calleeToken), {
        messageType: 'hello',
        state: 'terminated',
        reason: 'timeout',
      });
    } finally {
      await second.close();
    }
  });
});
