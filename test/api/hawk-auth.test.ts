/**
 * Hawk over real HTTP, signed by the reference `hawk` client: session minting, the 401s with their
 * WWW-Authenticate challenges, replay refusal, payload hashes and response signatures.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hawk } from '../../tools/hawk-reference.ts';
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

function assertUnauthorized(response: LoopResponse, challenge: RegExp): void {
  assert.equal(response.status, 401, response.text);
  assert.equal((response.body as { errno: number }).errno, 110);
  assert.match(response.headers.get('www-authenticate') ?? '', challenge);
  assert.match(response.headers.get('timestamp') ?? '', /^\d+$/, '401 carries Timestamp');
}

void describe('Hawk authentication', () => {
  let server: TestServer;
  let bob: LoopClient;
  before(async () => {
    server = await startTestServer({ env: { LOOP_ALLOWED_ORIGINS: 'https://app.example' } });
    bob = new LoopClient(server.url);
    await bob.register();
  });
  after(() => server.close());

  void it('mints a session whose derived credentials sign later requests, and exposes the token to CORS', async () => {
    const client = new LoopClient(server.url);
    const response = await client.request('POST', '/registration', {
      hawk: false,
      headers: { origin: 'https://app.example' },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('hawk-session-token') ?? '', /^[0-9a-f]{64}$/);
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /Hawk-Session-Token/i);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(response.headers.get('timestamp') ?? '', /^\d+$/);
    client.sessionToken = response.headers.get('hawk-session-token');
    assert.equal((await client.request('GET', '/call-url')).status, 200);
  });

  void it('signs responses with Server-Authorization that the reference client accepts', async () => {
    const path = '/call-url';
    const { header, artifacts } = Hawk.client.header(`${server.url}${path}`, 'GET', { credentials: bob.credentials });
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: header } });
    assert.equal(response.status, 200);
    const headers = Object.fromEntries(response.headers.entries());
    assert.doesNotThrow(() => Hawk.client.authenticate({ headers }, bob.credentials, artifacts, { required: true }));
  });

  void it('refuses a missing header on a Hawk route with a bare Hawk challenge', async () => {
    const response = await new LoopClient(server.url).request('GET', '/call-url');
    assertUnauthorized(response, /^Hawk$/);
  });

  void it('refuses unknown credentials, a bad MAC, and another scheme', async () => {
    const stranger = new LoopClient(server.url);
    stranger.sessionToken = 'ab'.repeat(32);
    assertUnauthorized(await stranger.request('GET', '/call-url'), /Unknown credentials/);
    const header = bob.hawkHeader('GET', '/call-url').replace(/mac="[^"]+"/, 'mac="AAAA"');
    assertUnauthorized(await bob.request('GET', '/call-url', { headers: { authorization: header } }), /Bad mac/);
    const signedForOtherPath = bob.hawkHeader('GET', '/calls?version=0');
    assertUnauthorized(
      await bob.request('GET', '/call-url', { headers: { authorization: signedForOtherPath } }),
      /Bad mac/,
    );
    assertUnauthorized(
      await bob.request('GET', '/call-url', { headers: { authorization: 'Basic Ym9iOnNlY3JldA==' } }),
      /^Hawk/,
    );
  });

  void it('answers a stale timestamp with ts and a tsm the client can verify', async () => {
    const response = await bob.request('GET', '/call-url', { timestampSec: Math.floor(Date.now() / 1000) - 3600 });
    assertUnauthorized(response, /Stale timestamp/);
    const challenge = response.headers.get('www-authenticate') ?? '';
    const ts = /ts="(\d+)"/.exec(challenge)?.[1];
    const tsm = /tsm="([^"]+)"/.exec(challenge)?.[1];
    assert.ok(ts && Math.abs(Number(ts) - Date.now() / 1000) < 5);
    assert.equal(tsm, Hawk.crypto.calculateTsMac(ts, bob.credentials));
  });

  void it('refuses a replayed request within the skew window, sending nothing of what its handler read', async () => {
    const reader = new LoopClient(server.url);
    await reader.register();
    assert.equal((await reader.request('POST', '/call-url', { body: { callerId: 'Alice' } })).status, 200);
    const header = reader.hawkHeader('GET', '/call-url');
    const first = await reader.request('GET', '/call-url', { headers: { authorization: header } });
    assert.equal(first.status, 200);
    assert.match(first.text, /Alice/);
    assert.ok(first.headers.get('server-authorization'));
    // The replay is refused before its handler runs: its listing never leaves the server.
    const replayed = await reader.request('GET', '/call-url', { headers: { authorization: header } });
    assertUnauthorized(replayed, /Invalid nonce/);
    assert.doesNotMatch(replayed.text, /Alice/);
    assert.equal(replayed.headers.get('server-authorization'), null);
  });

  void it('refuses a replayed GET whose handler failed with the same Loop error body', async () => {
    const header = bob.hawkHeader('GET', '/calls?version=abc');
    const first = await bob.request('GET', '/calls?version=abc', { headers: { authorization: header } });
    assert.equal(first.status, 400, first.text);
    const replayed = await bob.request('GET', '/calls?version=abc', { headers: { authorization: header } });
    assertUnauthorized(replayed, /Invalid nonce/);
    assert.deepEqual(replayed.body, { code: 401, errno: 110, error: 'Unauthorized', message: 'Invalid nonce' });
    assert.match(replayed.headers.get('content-type') ?? '', /^application\/json/);
  });

  void it('does not run a replayed write', async () => {
    const writer = new LoopClient(server.url);
    await writer.register();
    const body = JSON.stringify({ callerId: 'Alice' });
    const header = writer.hawkHeader('POST', '/call-url', { body });
    const send = () =>
      fetch(`${server.url}/call-url`, {
        method: 'POST',
        headers: { authorization: header, 'content-type': 'application/json' },
        body,
      });
    assert.equal((await send()).status, 200);
    assert.equal((await send()).status, 401);
    const links = await writer.request('GET', '/call-url');
    assert.equal((links.body as unknown[]).length, 1, 'the replay created no second link');
  });

  void it('verifies a payload hash when the client sends one', async () => {
    const body = { callerId: 'Alice' };
    const good = await bob.request('POST', '/call-url', { body, payloadHash: true });
    assert.equal(good.status, 200);
    const header = bob.hawkHeader('POST', '/call-url', { body: JSON.stringify({ callerId: 'Mallory' }) });
    const tampered = await bob.request('POST', '/call-url', { body, headers: { authorization: header } });
    assertUnauthorized(tampered, /Bad payload hash/);
  });

  void it('answers under /v0 with the prefix signed as part of the resource', async () => {
    assert.equal((await bob.request('GET', '/v0/call-url')).status, 200);
  });
});
