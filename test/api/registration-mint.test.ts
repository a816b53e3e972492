/**
 * A refused `POST /registration` stores nothing: the session is minted only once every field has been
 * checked. Before, each 400 or 406 still carried a new `Hawk-Session-Token` and left a row behind.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LoopClient } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const INVALID: ReadonlyArray<{ body: unknown; headers?: Record<string, string>; status: number }> = [
  { body: { simplePushURLs: { calls: 'ftp://example.com/x' } }, status: 400 },
  { body: { simplePushURLs: { video: 'https://example.com/x' } }, status: 400 },
  { body: { simplePushURL: 'https://127.0.0.1/private' }, status: 400 },
  {
    body: { webPushSubscription: { endpoint: 'https://push.example/x', keys: { p256dh: 'x', auth: 'y' } } },
    status: 400,
  },
  { body: {}, headers: { accept: 'text/html' }, status: 406 },
  { body: '{"simplePushURLs": ', status: 400 },
];

void describe('POST /registration: validate first, mint after', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { LOOP_ALLOW_PRIVATE_PUSH: 'false' } });
  });
  after(() => server.close());

  function storedSessions(): number {
    const db = new Database(path.join(server.dataDir, 'loop.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  void it('stores no session for 50 refused requests, and hands out no token', async () => {
    const before = storedSessions();
    for (let i = 0; i < 50; i += 1) {
      const invalid = INVALID[i % INVALID.length]!;
      const response = await new LoopClient(server.url).request('POST', '/registration', {
        body: invalid.body,
        headers: invalid.headers,
      });
      assert.equal(response.status, invalid.status, response.text);
      assert.equal(response.headers.get('hawk-session-token'), null, `no token on a ${response.status}`);
    }
    assert.equal(storedSessions() - before, 0);
  });

  void it('still mints a session for a valid anonymous request', async () => {
    const before = storedSessions();
    const response = await new LoopClient(server.url).request('POST', '/registration', {
      body: { simplePushURLs: { calls: 'https://push.example/bob' } },
    });
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get('hawk-session-token') ?? '', /^[0-9a-f]{64}$/);
    assert.equal(storedSessions() - before, 1);
  });
});
