/** Direct calls between signed-in users, and what sign-out and account deletion leave behind. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { signInEnv, signInWithBearer, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type ErrorBody = { errno: number; error: string };
type CallItem = {
  callId: string;
  callerId: string;
  callType: string;
  websocketToken: string;
  sessionToken: string;
  subject?: string;
};

void describe('direct calls between signed-in users', () => {
  let provider: OidcProvider;
  let server: TestServer;
  let push: SimplePushServer;
  before(async () => {
    provider = await startOidcProvider();
    push = await new SimplePushServer().start();
    server = await startTestServer({ env: signInEnv(provider) });
  });
  after(async () => {
    await server.close();
    await provider.stop();
    await push.stop();
  });

  /** A user signed in on `devices` devices, each registered with its own push URL. */
  async function signedIn(email: string, devices: number): Promise<LoopClient[]> {
    const user = provider.users.get(email) ?? provider.addUser(email);
    const clients: LoopClient[] = [];
    for (let i = 1; i <= devices; i++) {
      const client = new LoopClient(server.url);
      const response = await signInWithBearer(client, await provider.accessToken(user), {
        simplePushURLs: { calls: push.endpoint(`/${email}/${i}`) },
      });
      assert.equal(response.status, 200, response.text);
      clients.push(client);
    }
    return clients;
  }

  void it('wakes every device of the callee, and each lists the same call from the caller', async () => {
    const [alicePhone] = await signedIn('alice@example.com', 2);
    const bobDevices = await signedIn('bob@example.com', 2);
    const before = push.received.length;
    const call = await alicePhone!.request<{
      callId: string;
      websocketToken: string;
      sessionToken: string;
      progressURL: string;
    }>('POST', '/calls', { body: { calleeId: 'Bob@Example.com', callType: 'audio-video', subject: 'Lunch?' } });
    assert.equal(call.status, 200, call.text);
    await push.waitFor(before + 2);
    await server.deps.push.drain();
    const pushed = push.received.slice(before);
    assert.deepEqual(pushed.map((p) => p.path).sort(), ['/bob@example.com/1', '/bob@example.com/2']);
    for (const bob of bobDevices) {
      const listed = await bob.request<{ calls: CallItem[] }>('GET', '/calls?version=0');
      const item = listed.body.calls.find((c) => c.callId === call.body.callId);
      assert.ok(item, 'each device lists the call');
      assert.equal(item.callerId, 'alice@example.com');
      assert.equal(item.subject, 'Lunch?');
      assert.notEqual(
        item.websocketToken,
        call.body.websocketToken,
        'callee and caller get different websocket tokens',
      );
      assert.notEqual(item.sessionToken, call.body.sessionToken);
    }
    assert.match(pushed[0]?.body ?? '', /version=\d+/);
  });

  void it('calls a list of users: the same call for each reachable one, unreachable ones skipped', async () => {
    const [caller] = await signedIn('carol@example.com', 1);
    const daveDevices = await signedIn('dave@example.com', 2);
    const [erin] = await signedIn('erin@example.com', 1);
    const call = await caller!.request<{ callId: string }>('POST', '/calls', {
      body: {
        calleeId: ['dave@example.com', 'erin@example.com', 'nobody@example.com', 'dave@example.com'],
        callType: 'audio',
      },
    });
    assert.equal(call.status, 200, call.text);
    for (const callee of [...daveDevices, erin!]) {
      const listed = await callee.request<{ calls: CallItem[] }>('GET', '/calls?version=0');
      assert.deepEqual(listed.body.calls.filter((c) => c.callId === call.body.callId).length, 1);
    }
  });

  void it('nobody reachable: 400 errno 122; anonymous caller: 403 errno 110; long subject: 400 errno 107', async () => {
    const [caller] = await signedIn('frank@example.com', 1);
    await signedIn('no-push@example.com', 0);
    const nobody = await caller!.request('POST', '/calls', {
      body: { calleeId: ['ghost@example.com', 'no-push@example.com'], callType: 'audio' },
    });
    assert.equal(nobody.status, 400);
    assert.deepEqual(
      [(nobody.body as ErrorBody).errno, (nobody.body as ErrorBody).error],
      [122, 'Could not find any existing user to call'],
    );

    const anonymous = new LoopClient(server.url);
    await anonymous.register();
    const refused = await anonymous.request('POST', '/calls', {
      body: { calleeId: 'frank@example.com', callType: 'audio' },
    });
    assert.equal(refused.status, 403);
    assert.equal((refused.body as ErrorBody).errno, 110);

    const long = await caller!.request('POST', '/calls', {
      body: { calleeId: 'frank@example.com', callType: 'audio', subject: 'x'.repeat(125) },
    });
    assert.equal(long.status, 400);
    assert.deepEqual(
      [(long.body as ErrorBody).errno, (long.body as ErrorBody).error],
      [107, 'Call subject should be shorter than 124 characters'],
    );
    const missing = await caller!.request('POST', '/calls', { body: { callType: 'audio' } });
    assert.equal((missing.body as ErrorBody).errno, 108);
  });

  void it('DELETE /session signs only this device out', async () => {
    const [phone, laptop] = await signedIn('grace@example.com', 2);
    const [caller] = await signedIn('heidi@example.com', 1);
    assert.equal((await phone!.request('DELETE', '/session')).status, 204);
    assert.equal((await phone!.request('GET', '/call-url')).status, 401, 'the signed-out session is gone');
    assert.equal((await laptop!.request('GET', '/call-url')).status, 200);
    const before = push.received.length;
    assert.equal(
      (await caller!.request('POST', '/calls', { body: { calleeId: 'grace@example.com', callType: 'audio' } })).status,
      200,
    );
    await server.deps.push.drain();
    assert.deepEqual(
      push.received.slice(before).map((p) => p.path),
      ['/grace@example.com/2'],
    );
  });

  void it('DELETE /account removes every device, link, call and push registration of the account', async () => {
    const [phone, laptop] = await signedIn('ivan@example.com', 2);
    const [caller] = await signedIn('judy@example.com', 1);
    const link = await phone!.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'x' } });
    assert.equal(
      (await caller!.request('POST', '/calls', { body: { calleeId: 'ivan@example.com', callType: 'audio' } })).status,
      200,
    );
    assert.equal((await laptop!.request('DELETE', '/account')).status, 204);
    for (const device of [phone!, laptop!]) assert.equal((await device.request('GET', '/calls?version=0')).status, 401);
    assert.equal((await new LoopClient(server.url).request('GET', `/calls/${link.body.callToken}`)).status, 404);
    const nobody = await caller!.request('POST', '/calls', {
      body: { calleeId: 'ivan@example.com', callType: 'audio' },
    });
    assert.equal((nobody.body as ErrorBody).errno, 122, 'no push registration is left');
    // Signing in again finds an empty account.
    const [again] = await signedIn('ivan@example.com', 1);
    assert.deepEqual((await again!.request('GET', '/call-url')).body, []);
    assert.deepEqual((await again!.request<{ calls: unknown[] }>('GET', '/calls?version=0')).body.calls, []);
  });
});

void describe('sign-in rate limit', () => {
  void it('answers 429 errno 116 with Retry-After past the limit, counting only sign-in attempts', async () => {
    const provider = await startOidcProvider();
    const server = await startTestServer({ env: signInEnv(provider, { LOOP_SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' }) });
    try {
      const client = new LoopClient(server.url);
      for (let i = 0; i < 5; i++)
        assert.equal((await new LoopClient(server.url).register()).status, 200, 'plain registration is not limited');
      const user = provider.addUser('limited@example.com');
      assert.equal((await signInWithBearer(new LoopClient(server.url), await provider.accessToken(user))).status, 200);
      assert.equal((await client.request('POST', '/fxa-oauth/params')).status, 200);
      assert.equal((await client.request('POST', '/v0/fxa-oauth/params')).status, 200);
      const limited = await client.request('POST', '/fxa-oauth/params');
      assert.equal(limited.status, 429);
      assert.equal((limited.body as ErrorBody).errno, 116);
      assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
      assert.equal((await signInWithBearer(new LoopClient(server.url), await provider.accessToken(user))).status, 429);
    } finally {
      await server.close();
      await provider.stop();
    }
  });
});
