/** Way in 2 (the code flow with PKCE), state checks, and an account that follows its user across devices. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { loggerOptions } from '../../src/observability/logger.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { signInEnv, signInWithBearer, signInWithCodeFlow, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type ErrorBody = { errno: number; error: string };

void describe('sign-in with the code flow', () => {
  let provider: OidcProvider;
  let server: TestServer;
  let push: SimplePushServer;
  let logs = '';
  before(async () => {
    provider = await startOidcProvider();
    push = await new SimplePushServer().start();
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((logs += chunk.toString()), done()) });
    server = await startTestServer({ env: signInEnv(provider), log: pino(loggerOptions('trace'), sink) });
  });
  after(async () => {
    await server.close();
    await provider.stop();
    await push.stop();
  });

  void it('params carry the client id, redirect URI, scope, state and an S256 PKCE challenge', async () => {
    const client = new LoopClient(server.url);
    const response = await client.request<Record<string, string>>('POST', '/fxa-oauth/params');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('hawk-session-token') ?? '', /^[0-9a-f]{64}$/);
    const body = response.body;
    assert.equal(body.client_id, 'loop-test');
    assert.equal(body.redirect_uri, 'https://app.example/signed-in');
    assert.equal(body.scope, 'openid email profile');
    assert.equal(body.code_challenge_method, 'S256');
    assert.match(body.code_challenge ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.match(body.state ?? '', /^[0-9a-f]{64}$/);
    assert.equal(body.authorization_endpoint, `${provider.issuer}/authorize`);
    client.sessionToken = response.headers.get('hawk-session-token');
    const again = await client.request<Record<string, string>>('POST', '/fxa-oauth/params');
    assert.equal(again.body.state, body.state, 'the same session keeps its state until a token request');
  });

  void it('signs the session in; GET /fxa-oauth/token returns the access token obtained', async () => {
    provider.addUser('erin@example.com');
    const client = new LoopClient(server.url);
    const response = await signInWithCodeFlow(client, 'erin@example.com');
    assert.equal(response.status, 200, response.text);
    const body = response.body as { token_type: string; access_token: string; scope: string };
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, 'openid email profile');
    const stored = await client.request<{ access_token: string }>('GET', '/fxa-oauth/token');
    assert.equal(stored.status, 200);
    assert.equal(stored.body.access_token, body.access_token);
    // The session is registered now: sign-out is allowed (403 for anonymous sessions).
    assert.equal((await client.request('DELETE', '/session')).status, 204);
  });

  void it('a state mismatch is 400 errno 114, and the state is rotated so the right one no longer works either', async () => {
    provider.addUser('mallory@example.com');
    const client = new LoopClient(server.url);
    const wrong = await signInWithCodeFlow(client, 'mallory@example.com', { state: 'f'.repeat(64) });
    assert.equal(wrong.status, 400);
    assert.deepEqual([(wrong.body as ErrorBody).errno, (wrong.body as ErrorBody).error], [114, 'Invalid OAuth state']);
    // A fresh round uses the rotated state: it works.
    const retry = await signInWithCodeFlow(client, 'mallory@example.com');
    assert.equal(retry.status, 200, retry.text);
  });

  void it('a session that never asked for params, and a code the provider refuses, are 401 errno 110', async () => {
    const anonymous = new LoopClient(server.url);
    await anonymous.register();
    const noState = await anonymous.request('POST', '/fxa-oauth/token', { body: { code: 'x', state: 'y' } });
    assert.equal(noState.status, 401);
    const client = new LoopClient(server.url);
    const params = await client.request<{ state: string }>('POST', '/fxa-oauth/params');
    client.sessionToken = params.headers.get('hawk-session-token');
    const badCode = await client.request('POST', '/fxa-oauth/token', {
      body: { code: 'made-up', state: params.body.state },
    });
    assert.equal(badCode.status, 401);
    assert.equal((badCode.body as ErrorBody).errno, 110);
    assert.equal(
      (await client.request('POST', '/fxa-oauth/token', { body: { state: 'y' } })).status,
      400,
      'missing code: 400',
    );
  });

  void it('an anonymous device that signs in keeps its links and push registration, and a second device sees them', async () => {
    const frank = provider.addUser('frank@example.com');
    const phone = new LoopClient(server.url);
    await phone.register({ simplePushURLs: { calls: push.endpoint('/frank/phone') } });
    const made = await phone.request<{ callToken: string }>('POST', '/call-url', {
      body: { callerId: 'made anonymously' },
    });
    assert.equal(made.status, 200);

    assert.equal((await signInWithCodeFlow(phone, 'frank@example.com')).status, 200);
    const onPhone = await phone.request<Array<{ callerId: string }>>('GET', '/call-url');
    assert.deepEqual(
      onPhone.body.map((l) => l.callerId),
      ['made anonymously'],
    );

    const laptop = new LoopClient(server.url);
    assert.equal(
      (
        await signInWithBearer(laptop, await provider.accessToken(frank), {
          simplePushURLs: { calls: push.endpoint('/frank/laptop') },
        })
      ).status,
      200,
    );
    const onLaptop = await laptop.request<Array<{ callerId: string }>>('GET', '/call-url');
    assert.deepEqual(
      onLaptop.body.map((l) => l.callerId),
      ['made anonymously'],
    );

    // A call through the link made anonymously now wakes both devices of the account.
    const before = push.received.length;
    const call = await new LoopClient(server.url).request('POST', `/calls/${made.body.callToken}`, {
      body: { callType: 'audio' },
    });
    assert.equal(call.status, 200);
    await push.waitFor(before + 2);
    assert.deepEqual(
      push.received
        .slice(before)
        .map((p) => p.path)
        .sort(),
      ['/frank/laptop', '/frank/phone'],
    );
  });

  void it('never writes tokens, codes or states to the logs', async () => {
    provider.addUser('grace@example.com');
    const client = new LoopClient(server.url);
    const signedIn = await signInWithCodeFlow(client, 'grace@example.com');
    const accessToken = (signedIn.body as { access_token: string }).access_token;
    const [code] = [...provider.codes.keys()].slice(-1);
    assert.ok(logs.length > 0, 'the server logged at trace level');
    for (const secret of [accessToken, code ?? 'missing', client.sessionToken ?? 'missing', 'test-client-secret']) {
      assert.ok(!logs.includes(secret), 'a secret reached the logs');
    }
    assert.ok(!logs.includes('grace@example.com'), 'the identity reached the logs');
  });
});
