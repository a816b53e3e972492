/**
 * POST /calls/id/{callId}/cancel: the caller cancels a pending call without a websocket; every callee
 * device stops ringing, GET /calls stops listing it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listedCallIds, startLinkCall, type LinkCall } from '../helpers/calls.ts';
import { ProgressClient } from '../helpers/progress-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { aCall } from '../helpers/factories.ts';
import { progressToken } from '../../src/calls/progress-tokens.ts';
import { randomBytes } from 'node:crypto';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => server.close());

async function cancel(call: Pick<LinkCall, 'callId'>, websocketToken: string) {
  const response = await fetch(`${server.url}/calls/id/${call.callId}/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ websocketToken }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

void describe('caller cancel without a websocket', () => {
  void it('ends the ringing on every callee device with terminated/cancel', async () => {
    const call = await startLinkCall(server.url);
    const devices = [await ProgressClient.open(call.progressURL), await ProgressClient.open(call.progressURL)];
    for (const device of devices)
      assert.deepEqual(await device.hello(call.callId, call.calleeToken), { messageType: 'hello', state: 'init' });
    assert.ok((await listedCallIds(call.bob)).includes(call.callId));

    assert.deepEqual(await cancel(call, call.callerToken), { status: 204, body: null });
    for (const device of devices) {
      assert.deepEqual(await device.next(), { messageType: 'progress', state: 'terminated', reason: 'cancel' });
      assert.equal((await device.waitClosed()).code, 1000);
    }
    assert.ok(!(await listedCallIds(call.bob)).includes(call.callId), 'GET /calls no longer lists it');
    assert.equal((await server.deps.store.calls.get(call.callId))?.reason, 'cancel');
  });

  void it('works before anyone opened a websocket, and again (idempotent)', async () => {
    const call = await startLinkCall(server.url);
    assert.equal((await cancel(call, call.callerToken)).status, 204);
    assert.equal((await cancel(call, call.callerToken)).status, 204);
    assert.equal((await server.deps.store.calls.get(call.callId))?.state, 'terminated');
  });

  void it('refuses the callee token, a wrong token and an unknown call alike (404, errno 105)', async () => {
    const call = await startLinkCall(server.url);
    const notFound = {
      status: 404,
      body: {
        code: 404,
        errno: 105,
        error: 'Call not found.',
        message: "This call is unknown or over, or the token is not the caller's.",
      },
    };
    assert.deepEqual(await cancel(call, call.calleeToken), notFound);
    assert.deepEqual(await cancel(call, 'f'.repeat(32)), notFound);
    assert.deepEqual(await cancel({ callId: '0'.repeat(32) }, call.callerToken), notFound);
    assert.equal((await server.deps.store.calls.get(call.callId))?.state, 'init');
  });

  void it('refuses a missing or malformed token with 400', async () => {
    const call = await startLinkCall(server.url);
    const missing = await fetch(`${server.url}/calls/id/${call.callId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as { errno: number }).errno, 108);
    assert.equal((await cancel(call, 'not-a-token')).status, 400);
  });

  void it('new calls store no websocket tokens: each is keyed by call and side, and a wrong side is refused', async () => {
    const call = await startLinkCall(server.url);
    const stored = await server.deps.store.calls.get(call.callId);
    assert.deepEqual([stored?.wsCallerToken, stored?.wsCalleeToken], [null, null], 'nothing stored');
    assert.match(call.callerToken, /^[0-9a-f]{32}$/);
    assert.notEqual(call.callerToken, call.calleeToken);
    const other = await startLinkCall(server.url);
    assert.notEqual(other.callerToken, call.callerToken, 'another call, another token');
    assert.equal((await cancel(call, other.callerToken)).status, 404, "another call's caller token is refused");
    assert.equal((await cancel(call, call.calleeToken)).status, 404, 'the callee token cannot cancel');
    assert.equal((await cancel(call, call.callerToken)).status, 204);
  });

  void it('a call stored with random websocket tokens (before they were derived) still takes those', async () => {
    const hex = () => randomBytes(16).toString('hex');
    const old = aCall(
      { wsCallerToken: hex(), wsCalleeToken: hex(), expiresAt: server.deps.clock.now() + 60_000 },
      server.deps.clock,
    );
    await server.deps.store.calls.create(old);
    const derived = progressToken(server.deps.secrets, { ...old, wsCallerToken: null, wsCalleeToken: null }, 'caller');
    assert.equal((await cancel(old, derived)).status, 404, 'the derived token is not the stored one');
    const callee = await ProgressClient.open((await startLinkCall(server.url)).progressURL);
    assert.deepEqual(await callee.hello(old.callId, old.wsCalleeToken ?? ''), { messageType: 'hello', state: 'init' });
    assert.equal((await cancel(old, old.wsCallerToken ?? '')).status, 204);
    assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'terminated', reason: 'cancel' });
    await callee.waitClosed();
  });

  void it('refuses to cancel a connected call', async () => {
    const call = await startLinkCall(server.url);
    const caller = await ProgressClient.open(call.progressURL);
    await caller.hello(call.callId, call.callerToken);
    const callee = await ProgressClient.open(call.progressURL);
    await callee.hello(call.callId, call.calleeToken);
    callee.action('accept');
    caller.action('media-up');
    callee.action('media-up');
    await caller.waitClosed();
    const refused = await cancel(call, call.callerToken);
    assert.equal(refused.status, 400);
    assert.deepEqual(
      [refused.body?.errno, refused.body?.error],
      [107, 'No transition from connected state with cancel event.'],
    );
  });
});
