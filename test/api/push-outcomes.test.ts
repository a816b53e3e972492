/** What happens to pushes: not awaited by the reply, counted, gone endpoints dropped, failures harmless. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoopClient } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';

async function metric(server: TestServer, outcome: string): Promise<number> {
  const text = await server.deps.metrics.registry.metrics();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('loop_push_outcomes_total') && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

void describe('push outcomes', () => {
  let server: TestServer;
  let push: SimplePushServer;
  before(async () => {
    server = await startTestServer({ env: { LOOP_PUSH_TIMEOUT_MS: '200' } });
    push = await new SimplePushServer().start();
  });
  after(async () => {
    await server.close();
    await push.stop();
  });

  void it("wakes the callee's calls URL once and counts the delivery", async () => {
    const phone = new LoopClient(server.url);
    await phone.register({ simplePushURLs: { calls: push.endpoint('/multi/phone') } });
    const token = (
      (await phone.request('POST', '/call-url', { body: { callerId: 'A' } })).body as { callToken: string }
    ).callToken;
    const before = await metric(server, 'delivered');
    await new LoopClient(server.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' } });
    await server.deps.push.drain();
    assert.equal(push.received.filter((p) => p.path === '/multi/phone').length, 1);
    assert.equal(await metric(server, 'delivered'), before + 1);
  });

  void it('drops an endpoint the push service says is gone (410)', async () => {
    push.answer('/gone', 410);
    const bob = new LoopClient(server.url);
    await bob.register({ simplePushURLs: { calls: push.endpoint('/gone') } });
    const token = ((await bob.request('POST', '/call-url', { body: { callerId: 'A' } })).body as { callToken: string })
      .callToken;
    for (let i = 0; i < 2; i++) {
      assert.equal(
        (await new LoopClient(server.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' } })).status,
        200,
      );
      await server.deps.push.drain();
    }
    assert.equal(
      push.received.filter((p) => p.path === '/gone').length,
      1,
      'the second call did not push to a gone endpoint',
    );
  });

  void it('does not fail the call when the push endpoint answers 500', async () => {
    push.answer('/broken', 500);
    const bob = new LoopClient(server.url);
    await bob.register({ simplePushURLs: { calls: push.endpoint('/broken') } });
    const token = ((await bob.request('POST', '/call-url', { body: { callerId: 'A' } })).body as { callToken: string })
      .callToken;
    const failedBefore = await metric(server, 'failed');
    const call = await new LoopClient(server.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' } });
    assert.equal(call.status, 200);
    await server.deps.push.drain();
    assert.equal(await metric(server, 'failed'), failedBefore + 1);
  });

  void it('times out a push endpoint that never answers', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const bob = new LoopClient(server.url);
      await bob.register({ simplePushURLs: { calls: `http://127.0.0.1:${port}/hang` } });
      const token = (
        (await bob.request('POST', '/call-url', { body: { callerId: 'A' } })).body as { callToken: string }
      ).callToken;
      const failedBefore = await metric(server, 'failed');
      assert.equal(
        (await new LoopClient(server.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' } })).status,
        200,
      );
      assert.equal(server.deps.push.pending, 1, 'the reply did not wait for the push');
      await server.deps.push.drain();
      assert.equal(await metric(server, 'failed'), failedBefore + 1);
    } finally {
      silent.close();
    }
  });
});
