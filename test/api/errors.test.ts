/**
 * Bad input over real HTTP: every failure is a JSON `{code, errno, error, message}` with the historical
 * errno, never a 500 or a stack trace.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

function assertLoopError(response: LoopResponse, status: number, errno: number, error?: string | RegExp): void {
  assert.equal(response.status, status, response.text);
  const body = response.body as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['code', 'errno', 'error', 'message']);
  assert.equal(body.code, status);
  assert.equal(body.errno, errno);
  if (typeof error === 'string') assert.equal(body.error, error);
  else if (error) assert.match(String(body.error), error);
  assert.doesNotMatch(response.text, /\n\s+at |node_modules|\.ts:\d+/, 'no stack trace');
}

void describe('errors and bad input', () => {
  let server: TestServer;
  let bob: LoopClient;
  let token: string;
  before(async () => {
    server = await startTestServer({ env: { LOOP_BODY_LIMIT_BYTES: '2048' } });
    bob = new LoopClient(server.url);
    await bob.register();
    token = ((await bob.request('POST', '/call-url', { body: { callerId: 'Alice' } })).body as { callToken: string })
      .callToken;
  });
  after(() => server.close());

  for (const prefix of ['', '/v0']) {
    void it(`answers malformed JSON with 400 errno 106 (${prefix || 'root'})`, async () => {
      const anonymous = new LoopClient(server.url);
      const response = await anonymous.request('POST', `${prefix}/calls/${token}`, { body: '{"callType": ' });
      assertLoopError(response, 400, 106);
    });
  }

  void it('answers a body over the limit with 413 errno 113', async () => {
    const response = await new LoopClient(server.url).request('POST', `/calls/${token}`, {
      body: { callType: 'audio', subject: 'x'.repeat(5000) },
    });
    assertLoopError(response, 413, 113);
  });

  void it('answers an unsupported content type with 415 errno 106', async () => {
    const response = await new LoopClient(server.url).request('POST', `/calls/${token}`, {
      body: 'callType=audio',
      headers: { 'content-type': 'text/csv' },
    });
    assertLoopError(response, 415, 106);
  });

  void it('answers Accept: text/html on a JSON endpoint with 406 errno 106', async () => {
    const response = await new LoopClient(server.url).request('POST', '/registration', {
      body: {},
      headers: { accept: 'text/html' },
    });
    assertLoopError(response, 406, 106, 'Request body should be defined as application/json');
  });

  void it('names missing fields with 400 errno 108', async () => {
    const response = await new LoopClient(server.url).request('POST', `/calls/${token}`, { body: {} });
    assertLoopError(response, 400, 108, 'Missing: callType');
    const noVersion = await bob.request('GET', '/calls');
    assertLoopError(noVersion, 400, 108, 'Missing: version');
    const noCaller = await bob.request('POST', '/call-url', { body: { issuer: 'Bob' } });
    assertLoopError(noCaller, 400, 108, 'Missing: callerId');
  });

  void it('names invalid fields with 400 errno 107', async () => {
    const anonymous = new LoopClient(server.url);
    assertLoopError(
      await anonymous.request('POST', `/calls/${token}`, { body: { callType: 'video' } }),
      400,
      107,
      "callType should be 'audio' or 'audio-video'",
    );
    assertLoopError(
      await bob.request('POST', '/registration', { body: { simplePushURLs: { calls: 'ftp://x' } } }),
      400,
      107,
      'simplePushURLs.calls should be a valid url',
    );
    assertLoopError(
      await bob.request('POST', '/registration', { body: { simplePushURL: 'nope' } }),
      400,
      107,
      // The legacy name is reported under the current one, as the 2016 server did.
      'simplePushURLs.calls should be a valid url',
    );
    assertLoopError(
      await bob.request('POST', '/registration', { body: { simplePushURLs: { video: 'http://x' } } }),
      400,
      107,
      /simplePushURLs\.video/,
    );
    assertLoopError(
      await bob.request('POST', '/call-url', { body: { callerId: 'A', expiresIn: 721 } }),
      400,
      107,
      'expiresIn should be less than 720',
    );
    assertLoopError(
      await bob.request('POST', '/call-url', { body: { callerId: 'A', expiresIn: 'soon' } }),
      400,
      107,
      'expiresIn should be a valid number',
    );
    assertLoopError(
      await bob.request('POST', '/call-url', { body: { callerId: 'A', expiresIn: -1 } }),
      400,
      107,
      'expiresIn should be a valid number',
    );
    assertLoopError(await bob.request('GET', '/calls?version=yesterday'), 400, 107, /version/);
  });

  void it('answers unknown, malformed and revoked tokens with 404 errno 105', async () => {
    const anonymous = new LoopClient(server.url);
    assertLoopError(await anonymous.request('GET', '/calls/AAAAAAAAAAA'), 404, 105, 'Token not found.');
    assertLoopError(await anonymous.request('GET', '/calls/short'), 404, 105);
    assertLoopError(await anonymous.request('POST', '/calls/AAAAAAAAAAA', { body: { callType: 'audio' } }), 404, 105);
    const page = await fetch(`${server.url}/c/AAAAAAAAAAA`);
    assert.equal(page.status, 404);
    assert.match(await page.text(), /not valid[\s\S]*Ask the person who sent it for a new link/);
  });

  void it('redirects unknown unprefixed paths to /v0 and answers 404 errno 999 there', async () => {
    const response = await fetch(`${server.url}/nowhere?x=1`, { redirect: 'manual' });
    assert.equal(response.status, 307);
    assert.equal(response.headers.get('location'), '/v0/nowhere');
    assertLoopError(await new LoopClient(server.url).request('GET', '/v0/nowhere'), 404, 999);
  });

  void it('never answers 500: a broken store is 503 errno 201 with Retry-After', async () => {
    const broken = await startTestServer();
    try {
      const client = new LoopClient(broken.url);
      await client.register();
      await broken.deps.store.close();
      const response = await new LoopClient(broken.url).request('GET', `/calls/${token}`);
      assertLoopError(response, 503, 201, 'Service Unavailable');
      assert.equal(response.headers.get('retry-after'), '30');
      const heartbeat = await fetch(`${broken.url}/__heartbeat__`);
      assert.equal(heartbeat.status, 503);
      assert.deepEqual(await heartbeat.json(), { storage: false, provider: true });
      assert.equal(heartbeat.headers.get('retry-after'), '30');
    } finally {
      await broken.app.close();
    }
  });
});
