/**
 * What the 2016 server's own HTTP tests still found different (issue 18, item 5): the build's rev and
 * branch on `GET /`, the historical `error` texts, legacy push URL names reported under the current one,
 * the typed empty 200 of `POST /registration`, and `POST /event`'s order of checks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoopClient } from '../../tools/loop-client.ts';
import { readBuildInfo } from '../../src/observability/build-info.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

void describe('answers as the 2016 server gave them', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  void it('GET / names the build: rev and branch', async () => {
    const body = (await new LoopClient(server.url).request<{ rev?: string; branch?: string }>('GET', '/')).body;
    const build = readBuildInfo();
    assert.match(body.rev ?? '', /^[0-9a-f]{40}$/);
    assert.equal(body.rev, build.rev);
    assert.equal(body.branch, build.branch ?? undefined);
  });

  void it('an anonymous direct call is refused with the historical error text', async () => {
    const client = new LoopClient(server.url);
    await client.register();
    const response = await client.request<{ error: string; errno: number }>('POST', '/calls', {
      body: { calleeId: 'bob@example.com', callType: 'audio' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.body.errno, 110);
    assert.equal(response.body.error, 'You should be a registered user to perform this action.');
  });

  for (const field of ['simplePushURL', 'simple_push_url']) {
    void it(`an invalid push URL sent as ${field} is reported as simplePushURLs.calls`, async () => {
      const response = await new LoopClient(server.url).request<{ error: string; errno: number }>(
        'POST',
        '/registration',
        { body: { [field]: 'not-a-url' }, hawk: false },
      );
      assert.equal(response.status, 400);
      assert.equal(response.body.errno, 107);
      assert.equal(response.body.error, 'simplePushURLs.calls should be a valid url');
    });
  }

  void it('the empty 200 of POST /registration is typed application/json', async () => {
    const response = await new LoopClient(server.url).register();
    assert.equal(response.status, 200);
    assert.equal(response.text, '');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  });

  void it('POST /event checks its parameters, then Hawk, then answers 405 errno 999', async () => {
    const stranger = new LoopClient(server.url);
    const missing = await stranger.request<{ error: string; errno: number }>('POST', '/event', {
      body: { action: 'a' },
      hawk: false,
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errno, 108);
    assert.equal(missing.body.error, 'Missing: event, label');
    const body = { event: 'e', action: 'a', label: 'l' };
    assert.equal((await stranger.request('POST', '/event', { body, hawk: false })).status, 401);
    const client = new LoopClient(server.url);
    await client.register();
    const refused = await client.request<{ error: string; errno: number }>('POST', '/event', { body });
    assert.equal(refused.status, 405);
    assert.equal(refused.body.errno, 999);
    assert.equal(refused.body.error, 'Google Analytics events are not configured for this server.');
  });
});
