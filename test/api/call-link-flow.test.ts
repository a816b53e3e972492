/**
 * The seed's flow, end to end over real HTTP: Bob registers and asks for a link, Alice opens it and
 * calls, Bob's SimplePush endpoint (a local HTTP server) receives `PUT version=`, Bob lists the call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyParticipantToken } from '../../src/providers/builtin/participant-token.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';

interface CallerAnswer {
  callId: string;
  websocketToken: string;
  sessionId: string;
  sessionToken: string;
  apiKey: string;
  progressURL: string;
  provider: string;
}
interface CalleeItem extends CallerAnswer {
  callType: string;
  callerId: string;
  callToken: string;
  callUrl: string;
  urlCreationDate: number;
  subject?: string;
}

void describe('the call-link flow (seed steps 1-11)', () => {
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

  void it('connects Alice to Bob through a link, a push and the call list', async () => {
    // 1. Bob's client gets an anonymous Hawk session.
    const bob = new LoopClient(server.url);
    const minted = await bob.register();
    assert.equal(minted.status, 200);
    assert.match(bob.sessionToken ?? '', /^[0-9a-f]{64}$/);

    // 2. It registers its wake-up URLs, signed with Hawk.
    const registered = await bob.request('POST', '/registration', {
      body: { simplePushURLs: { calls: push.endpoint('/bob/calls'), rooms: push.endpoint('/bob/rooms') } },
    });
    assert.equal(registered.status, 200);
    assert.ok(registered.headers.get('server-authorization')?.startsWith('Hawk mac='));

    // 3. It asks for a call link for Alice.
    const created = await bob.request<{ callUrl: string; callToken: string; call_url: string; expiresAt: number }>(
      'POST',
      '/call-url',
      {
        body: { callerId: 'Alice', issuer: 'Bob', subject: 'Dinner' },
      },
    );
    assert.equal(created.status, 200);
    const { callUrl, callToken, call_url, expiresAt } = created.body;
    assert.match(callToken, /^[A-Za-z0-9_-]{11}$/);
    assert.equal(callUrl, `${server.url}/c/${callToken}`);
    assert.equal(call_url, callUrl);
    const nowSec = Math.floor(Date.now() / 1000);
    assert.ok(Math.abs(expiresAt - (nowSec + 720 * 3600)) <= 2, 'default lifetime is 720 hours');

    // 4-5. Alice opens the link: the page says whom she is about to call; the API says the same in JSON.
    const page = await fetch(callUrl, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Do you want to call Bob\?/);
    assert.match(html, /valid until/);
    const alice = new LoopClient(server.url);
    const info = await alice.request<{ calleeFriendlyName: string; urlCreationDate: number }>(
      'GET',
      `/calls/${callToken}`,
    );
    assert.equal(info.status, 200);
    assert.equal(info.body.calleeFriendlyName, 'Bob');
    assert.ok(Math.abs(info.body.urlCreationDate - nowSec) <= 2);

    // 6. Alice calls: the provider gives a session and her token.
    const call = await alice.request<CallerAnswer>('POST', `/calls/${callToken}`, {
      body: { callType: 'audio-video', subject: 'Hello' },
    });
    assert.equal(call.status, 200);
    assert.match(call.body.callId, /^[0-9a-f]{32}$/);
    assert.match(call.body.websocketToken, /^[0-9a-f]{32}$/);
    assert.equal(call.body.provider, 'builtin');
    assert.equal(call.body.apiKey, server.deps.provider.apiKey);
    assert.equal(call.body.progressURL, `${server.url.replace('http:', 'ws:')}/websocket`);
    const callerClaims = verifyParticipantToken(
      server.deps.secrets.builtinProviderSecret,
      call.body.sessionToken,
      nowSec,
    );
    assert.deepEqual(
      { sid: callerClaims?.sid, role: callerClaims?.role },
      { sid: call.body.sessionId, role: 'caller' },
    );

    // 7. Bob's calls URL (and only that one) receives PUT version=<call timestamp>.
    const [pushed] = await push.waitFor(1);
    assert.equal(pushed?.method, 'PUT');
    assert.equal(pushed?.path, '/bob/calls');
    assert.equal(pushed?.contentType, 'application/x-www-form-urlencoded');
    const version = Number(/^version=(\d+)$/.exec(pushed?.body ?? '')?.[1]);
    assert.ok(Math.abs(version - nowSec) <= 2);

    // 8-11. Bob lists calls since that version and gets his side of the same session.
    const listed = await bob.request<{ calls: CalleeItem[] }>('GET', `/calls?version=${version}`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.calls.length, 1);
    const incoming = listed.body.calls[0]!;
    assert.equal(incoming.callId, call.body.callId);
    assert.equal(incoming.sessionId, call.body.sessionId);
    assert.equal(incoming.callerId, 'Alice');
    assert.equal(incoming.callType, 'audio-video');
    assert.equal(incoming.subject, 'Hello');
    assert.equal(incoming.callToken, callToken);
    assert.equal(incoming.callUrl, callUrl);
    assert.notEqual(incoming.websocketToken, call.body.websocketToken);
    assert.notEqual(incoming.sessionToken, call.body.sessionToken, 'the callee gets its own token');
    const calleeClaims = verifyParticipantToken(
      server.deps.secrets.builtinProviderSecret,
      incoming.sessionToken,
      nowSec,
    );
    assert.deepEqual(
      { sid: calleeClaims?.sid, role: calleeClaims?.role },
      { sid: call.body.sessionId, role: 'callee' },
    );

    // The built-in provider's callee token is not stored but minted again for each listing: the same token.
    const again = await bob.request<{ calls: CalleeItem[] }>('GET', `/calls?version=${version}`);
    assert.equal(again.body.calls[0]?.sessionToken, incoming.sessionToken, 'the same callee token every time');
    assert.equal((await server.deps.store.calls.get(incoming.callId))?.calleeToken, null, 'and none stored');

    // A later version sees nothing new.
    const later = await bob.request<{ calls: CalleeItem[] }>('GET', `/calls?version=${version + 1}`);
    assert.deepEqual(later.body.calls, []);
    assert.equal(push.received.length, 1, 'the rooms URL was not woken for a call');
  });
});
