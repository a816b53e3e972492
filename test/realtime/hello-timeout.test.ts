/**
 * A progress websocket that never joins a call is closed after LOOP_WS_HELLO_TIMEOUT_SECONDS (here 1 s),
 * so idle sockets cannot pile up; one that said hello is not. Real sockets on a listening server.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { metricValue } from '../helpers/metrics.ts';
import { alertingCall, ProgressClient } from '../helpers/progress-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const HELLO_TIMEOUT_MS = 1000;

let server: TestServer;
before(async () => {
  server = await startTestServer({ env: { LOOP_WS_HELLO_TIMEOUT_SECONDS: String(HELLO_TIMEOUT_MS / 1000) } });
});
after(async () => server.close());

const connect = () => ProgressClient.open(`${server.url.replace('http:', 'ws:')}/websocket`);
const openSockets = () => metricValue(server.deps.metrics, 'loop_progress_sockets', {});

async function eventually(condition: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

void describe('progress websocket: hello timeout', () => {
  void it('a silent socket gets "No hello in time." and is closed with 1008, and no longer counts as open', async () => {
    const client = await connect();
    await eventually(async () => (await openSockets()) === 1);
    assert.deepEqual(await client.next(HELLO_TIMEOUT_MS * 5), { messageType: 'error', reason: 'No hello in time.' });
    assert.equal((await client.waitClosed()).code, 1008);
    await eventually(async () => (await openSockets()) === 0);
  });

  void it('echo frames do not keep a socket without a hello open', async () => {
    const client = await connect();
    const echoes = setInterval(() => client.send({ messageType: 'echo', echo: 'still here' }), HELLO_TIMEOUT_MS / 5);
    try {
      assert.equal((await client.waitClosed(HELLO_TIMEOUT_MS * 5)).code, 1008);
    } finally {
      clearInterval(echoes);
    }
    const frames = client.unread.filter((frame) => frame.messageType !== 'echo');
    assert.deepEqual(frames, [{ messageType: 'error', reason: 'No hello in time.' }]);
  });

  void it('a refused hello does not count: the socket is closed at once for its own reason', async () => {
    const client = await connect();
    client.send({ messageType: 'hello', callId: 'f'.repeat(32), auth: 'f'.repeat(32) });
    assert.deepEqual(await client.next(), { messageType: 'error', reason: 'bad callId' });
    assert.equal((await client.waitClosed()).code, 1008);
  });

  void it('a socket that said hello stays open past the timeout, and its call is untouched', async () => {
    const { call, caller, callee } = await alertingCall(server.url);

    await sleep(HELLO_TIMEOUT_MS * 2);
    caller.send({ messageType: 'echo', echo: 1 });
    assert.deepEqual(await caller.next(), { messageType: 'echo', echo: 1 });
    assert.deepEqual([...caller.unread, ...callee.unread], [], 'neither socket was told anything');
    assert.equal(callee.socket.readyState, callee.socket.OPEN);
    assert.equal((await server.deps.store.calls.get(call.callId))?.state, 'alerting');
    caller.close();
    callee.close();
    await Promise.all([caller.waitClosed(), callee.waitClosed()]);
  });
});
