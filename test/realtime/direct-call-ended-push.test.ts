/**
 * A direct call rings several callees; when it ends unanswered, "call-ended" must reach the Web Push
 * devices of EVERY callee, not only the user the call record is owned by (its first callee). Over real
 * HTTP: a local OpenID Connect provider to sign in, the local Web Push service (which decrypts as a
 * browser would) and a SimplePush endpoint (which only ever hears of the incoming call).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import type { BrowserSubscription } from '../fakes/webpush-browser.ts';
import { WebPushService } from '../fakes/webpush-service.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { ProgressClient } from '../helpers/progress-client.ts';
import { signInEnv, signInWithBearer, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let provider: OidcProvider;
let webPush: WebPushService;
let simplePush: SimplePushServer;
let server: TestServer;
before(async () => {
  provider = await startOidcProvider();
  webPush = await new WebPushService().start();
  simplePush = await new SimplePushServer().start();
  server = await startTestServer({
    env: signInEnv(provider, { LOOP_ALLOW_INSECURE_PUSH: 'true', LOOP_PUSH_TIMEOUT_MS: '1000' }),
  });
});
after(async () => {
  await server.close();
  await Promise.all([provider.stop(), webPush.stop(), simplePush.stop()]);
});

interface Device {
  client: LoopClient;
  browser: BrowserSubscription;
  simplePushPath: string;
}

/**
 * One signed-in device with both transports (a SimplePush `calls` URL and a Web Push subscription), or
 * with Web Push alone, as a browser today registers.
 */
async function device(email: string, n: number, transports: 'both' | 'webpush-only' = 'both'): Promise<Device> {
  const user = provider.users.get(email) ?? provider.addUser(email);
  const client = new LoopClient(server.url);
  const browser = webPush.subscribe();
  const simplePushPath = `/${email}/${n}`;
  const body =
    transports === 'both'
      ? { simplePushURLs: { calls: simplePush.endpoint(simplePushPath) }, webPushSubscription: browser.toJSON() }
      : { webPushSubscription: browser.toJSON() };
  const response = await signInWithBearer(client, await provider.accessToken(user), body);
  assert.equal(response.status, 200, response.text);
  return { client, browser, simplePushPath };
}

/** What each device's browser decrypted so far, as [event, reason]. */
async function webPushEvents(devices: readonly Device[]): Promise<Array<Array<[string, string | undefined]>>> {
  await server.deps.push.drain();
  return devices.map((d) =>
    webPush.to(d.browser.endpoint).map((push) => {
      const payload = push.payload as { event: string; reason?: string };
      return [payload.event, payload.reason];
    }),
  );
}

interface DirectCall {
  callId: string;
  websocketToken: string;
  progressURL: string;
}

async function callEveryone(caller: Device, calleeIds: string[]): Promise<DirectCall> {
  const call = await caller.client.request<DirectCall>('POST', '/calls', {
    body: { calleeId: calleeIds, callType: 'audio-video' },
  });
  assert.equal(call.status, 200, call.text);
  return call.body;
}

void describe('direct call ended unanswered: call-ended to every callee', () => {
  void it('a cancelled call of two callees tells all three of their Web Push devices; SimplePush only heard of the call', async () => {
    const alice = await device('alice@example.com', 1);
    const bob = [await device('bob@example.com', 1), await device('bob@example.com', 2)];
    const carol = await device('carol@example.com', 1);
    const call = await callEveryone(alice, ['bob@example.com', 'carol@example.com']);

    const cancelled = await fetch(`${server.url}/calls/id/${call.callId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ websocketToken: call.websocketToken }),
    });
    assert.equal(cancelled.status, 204);

    const ringAndEnd: Array<[string, string | undefined]> = [
      ['incoming-call', undefined],
      ['call-ended', 'cancel'],
    ];
    assert.deepEqual(await webPushEvents([...bob, carol]), [ringAndEnd, ringAndEnd, ringAndEnd]);
    for (const callee of [...bob, carol]) {
      const [incoming, ended] = webPush.to(callee.browser.endpoint);
      assert.equal(ended?.topic, incoming?.topic, 'the end replaces a pending incoming call');
      assert.equal((ended?.payload as { callId: string }).callId, call.callId);
      assert.equal(simplePush.to(callee.simplePushPath).length, 1, 'SimplePush: the incoming call only');
    }
    assert.deepEqual(await webPushEvents([alice]), [[]], 'the caller is no callee');
  });

  void it("when one callee answers, every callee's devices are told answered-elsewhere (the answering app ignores it)", async () => {
    const dave = await device('dave@example.com', 1);
    const erin = await device('erin@example.com', 1);
    const frank = await device('frank@example.com', 1);
    const call = await callEveryone(dave, ['erin@example.com', 'frank@example.com']);
    const listed = await frank.client.request<{ calls: Array<{ callId: string; websocketToken: string }> }>(
      'GET',
      '/calls?version=0',
    );
    const frankItem = listed.body.calls.find((item) => item.callId === call.callId);
    assert.ok(frankItem, 'frank, the second callee, lists the call');

    const caller = await ProgressClient.open(call.progressURL);
    assert.equal((await caller.hello(call.callId, call.websocketToken)).state, 'init');
    const callee = await ProgressClient.open(call.progressURL);
    assert.equal((await callee.hello(call.callId, frankItem.websocketToken)).state, 'init');
    assert.equal((await callee.next()).state, 'alerting');
    callee.action('accept');
    assert.equal((await callee.next()).state, 'connecting');

    assert.deepEqual(await webPushEvents([erin, frank]), [
      [
        ['incoming-call', undefined],
        ['call-ended', 'answered-elsewhere'],
      ],
      [
        ['incoming-call', undefined],
        ['call-ended', 'answered-elsewhere'],
      ],
    ]);
    caller.close();
    callee.close();
    await Promise.all([caller.waitClosed(), callee.waitClosed()]);
  });

  void it('a callee whose only device is a Web Push browser is reachable, and is woken', async () => {
    const gina = await device('gina@example.com', 1);
    const hank = await device('hank@example.com', 1, 'webpush-only');
    const call = await callEveryone(gina, ['hank@example.com']);
    assert.deepEqual(await webPushEvents([hank]), [[['incoming-call', undefined]]]);
    assert.equal((webPush.to(hank.browser.endpoint)[0]?.payload as { callId: string }).callId, call.callId);
  });
});
