/** Managing call links over HTTP: list, update, revoke, lifetimes, and other users' links. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoopClient } from '../../tools/loop-client.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

interface Created {
  callUrl: string;
  callToken: string;
  expiresAt: number;
}
interface Listed {
  callToken: string;
  callUrl: string;
  callerId: string;
  issuer: string;
  subject?: string;
  timestamp: number;
  expires: number;
}

void describe('call links', () => {
  let server: TestServer;
  let clock: ManualClock;
  let bob: LoopClient;
  let carol: LoopClient;
  /** Hawk timestamps follow the server's clock, which the tests move. */
  const ts = () => Math.floor(clock.now() / 1000);
  const as = (client: LoopClient, method: string, path: string, body?: unknown) =>
    client.request(method, path, { body, timestampSec: ts() });

  before(async () => {
    clock = new ManualClock(Date.now());
    server = await startTestServer({ clock });
    bob = new LoopClient(server.url);
    carol = new LoopClient(server.url);
    await bob.register();
    await carol.register();
  });
  after(() => server.close());

  void it("lists only the caller's own live links, oldest first, with token and URL", async () => {
    const first = (await as(bob, 'POST', '/call-url', { callerId: 'Alice', issuer: 'Bob', subject: 'Hi' }))
      .body as Created;
    clock.advance(1000);
    const second = (await as(bob, 'POST', '/call-url', { remote_id: 'Dave', valid_duration: 2 })).body as Created;
    await as(carol, 'POST', '/call-url', { callerId: 'Eve' });
    const listed = (await as(bob, 'GET', '/call-url')).body as Listed[];
    assert.deepEqual(
      listed.map((l) => [l.callToken, l.callerId]),
      [
        [first.callToken, 'Alice'],
        [second.callToken, 'Dave'],
      ],
    );
    assert.equal(listed[0]?.callUrl, first.callUrl);
    assert.equal(listed[0]?.subject, 'Hi');
    assert.equal(listed[0]?.issuer, 'Bob');
    assert.equal(listed[1]?.issuer, '');
    assert.equal(listed[1]?.expires, ts() + 2 * 3600, 'valid_duration is an alias of expiresIn (hours)');
  });

  void it('expires a link by the clock: 404 errno 105 and gone from the list', async () => {
    const link = (await as(bob, 'POST', '/call-url', { callerId: 'Short', expiresIn: 1 })).body as Created;
    assert.equal((await as(bob, 'GET', `/calls/${link.callToken}`)).status, 200);
    clock.advance(3600 * 1000 + 1000);
    const gone = await as(bob, 'GET', `/calls/${link.callToken}`);
    assert.equal(gone.status, 404);
    assert.equal((gone.body as { errno: number }).errno, 105);
    const listed = (await as(bob, 'GET', '/call-url')).body as Listed[];
    assert.ok(!listed.some((l) => l.callToken === link.callToken));
  });

  void it('updates only the fields sent, and a new expiresIn counts from now', async () => {
    const link = (
      await as(bob, 'POST', '/call-url', { callerId: 'Alice', issuer: 'Bob', subject: 'Lunch', expiresIn: 5 })
    ).body as Created;
    const updated = await as(bob, 'PUT', `/call-url/${link.callToken}`, { subject: 'Dinner' });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body, { expiresAt: link.expiresAt });
    const extended = await as(bob, 'PUT', `/call-url/${link.callToken}`, { expiresIn: 10 });
    assert.deepEqual(extended.body, { expiresAt: ts() + 10 * 3600 });
    const item = ((await as(bob, 'GET', '/call-url')).body as Listed[]).find((l) => l.callToken === link.callToken);
    assert.deepEqual([item?.callerId, item?.issuer, item?.subject], ['Alice', 'Bob', 'Dinner']);
    const tooLong = await as(bob, 'PUT', `/call-url/${link.callToken}`, { expiresIn: 721 });
    assert.equal(tooLong.status, 400);
    assert.equal((tooLong.body as { errno: number }).errno, 107);
  });

  void it('never lets another user read, change or revoke a link', async () => {
    const link = (await as(bob, 'POST', '/call-url', { callerId: 'Alice' })).body as Created;
    const put = await as(carol, 'PUT', `/call-url/${link.callToken}`, { callerId: 'Mallory' });
    assert.equal(put.status, 404);
    assert.deepEqual(put.body, {
      code: 404,
      errno: 105,
      error: 'Not Found.',
      message: 'This link is unknown, revoked or expired.',
    });
    const del = await as(carol, 'DELETE', `/call-url/${link.callToken}`);
    assert.equal(del.status, 403);
    assert.equal((del.body as { errno: number }).errno, 110);
    const item = ((await as(bob, 'GET', '/call-url')).body as Listed[]).find((l) => l.callToken === link.callToken);
    assert.equal(item?.callerId, 'Alice', 'unchanged');
  });

  void it('revokes a link: 204, then unknown everywhere', async () => {
    const link = (await as(bob, 'POST', '/call-url', { callerId: 'Alice' })).body as Created;
    assert.equal((await as(bob, 'DELETE', `/call-url/${link.callToken}`)).status, 204);
    assert.equal((await as(bob, 'DELETE', `/call-url/${link.callToken}`)).status, 404);
    assert.equal((await as(bob, 'POST', `/calls/${link.callToken}`, { callType: 'audio' })).status, 404);
    assert.equal((await fetch(`${server.url}/c/${link.callToken}`)).status, 404);
  });

  void it('escapes what the link owner wrote on the page', async () => {
    const link = (await as(bob, 'POST', '/call-url', { callerId: 'A', issuer: '<script>alert(1)</script>' }))
      .body as Created;
    const html = await (await fetch(link.callUrl)).text();
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.match(html, /&lt;script&gt;/);
  });
});
