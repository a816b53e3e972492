/** Devices, push URLs, sign-out and account deletion, observed through the pushes that do (not) arrive. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoopClient } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';

void describe('registration and accounts', () => {
  let server: TestServer;
  let push: SimplePushServer;
  before(async () => {
    server = await startTestServer();
    push = await new SimplePushServer().start();
  });
  after(async () => {
    await server.close();
    await push.stop();
  });

  async function linkFor(owner: LoopClient): Promise<string> {
    return ((await owner.request('POST', '/call-url', { body: { callerId: 'Alice' } })).body as { callToken: string })
      .callToken;
  }
  async function callAndCollect(token: string, expected: number): Promise<string[]> {
    const before = push.received.length;
    const call = await new LoopClient(server.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' } });
    assert.equal(call.status, 200);
    await push.waitFor(before + expected);
    await server.deps.push.drain();
    return push.received
      .slice(before)
      .map((p) => p.path)
      .sort();
  }

  void it('accepts the legacy single URL fields (body and query) as the calls topic', async () => {
    const viaBody = new LoopClient(server.url);
    await viaBody.register({ simple_push_url: push.endpoint('/legacy/body') });
    assert.deepEqual(await callAndCollect(await linkFor(viaBody), 1), ['/legacy/body']);
    const viaQuery = new LoopClient(server.url);
    await viaQuery.register();
    const url = encodeURIComponent(push.endpoint('/legacy/query'));
    assert.equal((await viaQuery.request('POST', `/registration?simplePushURL=${url}`)).status, 200);
    assert.deepEqual(await callAndCollect(await linkFor(viaQuery), 1), ['/legacy/query']);
  });

  void it('keeps a topic not re-sent, and replaces one that is', async () => {
    const bob = new LoopClient(server.url);
    await bob.register({
      simplePushURLs: { calls: push.endpoint('/keep/calls-1'), rooms: push.endpoint('/keep/rooms') },
    });
    await bob.request('POST', '/registration', { body: { simplePushURLs: { calls: push.endpoint('/keep/calls-2') } } });
    assert.deepEqual(await callAndCollect(await linkFor(bob), 1), ['/keep/calls-2']);
  });

  void it('DELETE /registration stops waking that device; the link still works', async () => {
    const bob = new LoopClient(server.url);
    await bob.register({ simplePushURLs: { calls: push.endpoint('/unreg/calls') } });
    const token = await linkFor(bob);
    assert.equal((await bob.request('DELETE', '/registration')).status, 204);
    const before = push.received.length;
    const call = await new LoopClient(server.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' } });
    assert.equal(call.status, 200, 'a callee without devices can still be called');
    await server.deps.push.drain();
    assert.equal(push.received.length, before);
  });

  void it('DELETE /session is for signed-in users only', async () => {
    const anonymous = new LoopClient(server.url);
    await anonymous.register();
    const response = await anonymous.request('DELETE', '/session');
    assert.equal(response.status, 403);
    assert.equal((response.body as { errno: number }).errno, 110);
  });

  void it('DELETE /account removes links, calls, push URLs and the session', async () => {
    const bob = new LoopClient(server.url);
    await bob.register({ simplePushURLs: { calls: push.endpoint('/gone/calls') } });
    const token = await linkFor(bob);
    await callAndCollect(token, 1);
    assert.equal(((await bob.request('GET', '/calls?version=0')).body as { calls: unknown[] }).calls.length, 1);
    const user = server.deps.store;
    assert.equal((await bob.request('DELETE', '/account')).status, 204);
    assert.equal((await bob.request('GET', '/call-url')).status, 401, 'the session is gone');
    assert.equal((await new LoopClient(server.url).request('GET', `/calls/${token}`)).status, 404, 'the link is gone');
    assert.equal(await user.callUrls.get(token), null);
  });
});
