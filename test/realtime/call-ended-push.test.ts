/**
 * The state machine tells Web Push devices when a call stops ringing (docs/push.md "Hooking call ended"):
 * over real HTTP to the local Web Push service, which decrypts what it receives as a browser would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebPushService } from '../fakes/webpush-service.ts';
import { startLinkCall } from '../helpers/calls.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { ProgressClient } from '../helpers/progress-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
let pushService: WebPushService;
before(async () => {
  server = await startTestServer({ env: { LOOP_ALLOW_INSECURE_PUSH: 'true', LOOP_PUSH_TIMEOUT_MS: '500' } });
  pushService = await new WebPushService().start();
});
after(async () => {
  await server.close();
  await pushService.stop();
});

/** Bob with one Web Push browser and a link; the events that browser has received so far. */
async function bobWithBrowser() {
  const browser = pushService.subscribe();
  const bob = new LoopClient(server.url);
  assert.equal((await bob.register()).status, 200);
  assert.equal(
    (await bob.request('POST', '/registration', { body: { webPushSubscription: browser.toJSON() } })).status,
    200,
  );
  const link = await bob.request<{ callToken: string }>('POST', '/call-url', {
    body: { callerId: 'Alice', issuer: 'Bob' },
  });
  const received = async () => {
    await server.deps.push.drain();
    return pushService
      .to(browser.endpoint)
      .map((push) => push.payload as { event: string; callId: string; reason?: string });
  };
  return { bob, callToken: link.body.callToken, received };
}

void describe('call-ended pushes from the call state machine', () => {
  void it('a caller cancel sends call-ended with reason cancel', async () => {
    const { bob, callToken, received } = await bobWithBrowser();
    const call = await startLinkCall(server.url, { bob, callToken });
    const answer = await fetch(`${server.url}/calls/id/${call.callId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ websocketToken: call.callerToken }),
    });
    assert.equal(answer.status, 204);
    assert.deepEqual(
      (await received()).map((p) => [p.event, p.callId, p.reason]),
      [
        ['incoming-call', call.callId, undefined],
        ['call-ended', call.callId, 'cancel'],
      ],
    );
  });

  void it('an answer sends answered-elsewhere once; ending the answered call sends nothing more', async () => {
    const { bob, callToken, received } = await bobWithBrowser();
    const call = await startLinkCall(server.url, { bob, callToken });
    const caller = await ProgressClient.open(call.progressURL);
    await caller.hello(call.callId, call.callerToken);
    const callee = await ProgressClient.open(call.progressURL);
    await callee.hello(call.callId, call.calleeToken);
    await callee.next();
    callee.action('accept');
    assert.equal((await callee.next()).state, 'connecting');
    caller.action('terminate', 'media-fail');
    assert.equal((await callee.next()).state, 'terminated');
    assert.deepEqual(
      (await received()).map((p) => [p.event, p.reason]),
      [
        ['incoming-call', undefined],
        ['call-ended', 'answered-elsewhere'],
      ],
    );
  });
});
