/** Way in 1 (a Bearer access token on POST /registration) and every way it must fail, against a local provider. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { keyedHash } from '../../src/crypto/keyed-hash.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { signInEnv, signInWithBearer, startOidcProvider } from '../helpers/sign-in.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type ErrorBody = { code: number; errno: number; message: string };

void describe('sign-in with a Bearer access token', () => {
  let provider: OidcProvider;
  let server: TestServer;
  before(async () => {
    provider = await startOidcProvider();
    server = await startTestServer({ env: signInEnv(provider) });
  });
  after(async () => {
    await server.close();
    await provider.stop();
  });

  const sessionCount = () => {
    const db = new Database(path.join(server.dataDir, 'loop.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM sessions').pluck().get() as number;
    } finally {
      db.close();
    }
  };

  void it('GET / says sign-in is on, and with which issuer', async () => {
    const { body } = await new LoopClient(server.url).request<{
      fxaOAuth: boolean;
      signIn: { enabled: boolean; issuer: string };
    }>('GET', '/');
    assert.equal(body.fxaOAuth, true);
    assert.deepEqual([body.signIn.enabled, body.signIn.issuer], [true, provider.issuer]);
  });

  void it('mints a registered session; the store keeps only the keyed hash and the sealed identity', async () => {
    const alice = provider.addUser('Alice.Bearer@Example.com');
    const client = new LoopClient(server.url);
    const response = await signInWithBearer(client, await provider.accessToken(alice));
    assert.equal(response.status, 200, response.text);
    assert.match(client.sessionToken ?? '', /^[0-9a-f]{64}$/);
    // Registered: the registered-only endpoint lets it through (403 for anonymous sessions).
    assert.equal(
      (await client.request('POST', '/calls', { body: { calleeId: 'nobody@example.com', callType: 'audio' } })).status,
      400,
    );
    const expectedMac = keyedHash(server.deps.secrets.userMacSecret, 'alice.bearer@example.com');
    const db = new Database(path.join(server.dataDir, 'loop.sqlite'), { readonly: true });
    const row = db.prepare('SELECT user_mac, encrypted_identity FROM sessions WHERE user_mac = ?').get(expectedMac) as
      { encrypted_identity: string } | undefined;
    db.close();
    assert.ok(row, 'the session is stored under the keyed hash of the lower-cased e-mail');
    assert.match(row.encrypted_identity, /^v1\./);
    for (const file of ['loop.sqlite', 'loop.sqlite-wal']) {
      const bytes = readFileSync(path.join(server.dataDir, file)).toString('latin1').toLowerCase();
      assert.ok(!bytes.includes('alice.bearer@example.com'), `${file} holds no clear identity`);
    }
  });

  void it('also registers push URLs sent with the token', async () => {
    const user = provider.addUser('push.bearer@example.com');
    const client = new LoopClient(server.url);
    const response = await signInWithBearer(client, await provider.accessToken(user), {
      simplePushURLs: { calls: 'http://127.0.0.1:9/p' },
    });
    assert.equal(response.status, 200);
    const userMac = keyedHash(server.deps.secrets.userMacSecret, 'push.bearer@example.com');
    assert.deepEqual(await server.deps.store.pushEndpoints.listForUser(userMac, 'calls'), ['http://127.0.0.1:9/p']);
  });

  void it('without a verified e-mail in the token, asks userinfo; without a verified e-mail at all, uses the issuer-qualified subject', async () => {
    const carol = provider.addUser('carol.userinfo@example.com');
    const viaUserinfo = await signInWithBearer(
      new LoopClient(server.url),
      await provider.accessToken(carol, { withoutEmail: true }),
    );
    assert.equal(viaUserinfo.status, 200);
    assert.ok(provider.requests.includes('GET /userinfo'));
    const unverified = provider.addUser('dave.unverified@example.com', false);
    const client = new LoopClient(server.url);
    assert.equal((await signInWithBearer(client, await provider.accessToken(unverified))).status, 200);
    const db = new Database(path.join(server.dataDir, 'loop.sqlite'), { readonly: true });
    const found = db
      .prepare('SELECT count(*) FROM sessions WHERE user_mac = ?')
      .pluck()
      .get(keyedHash(server.deps.secrets.userMacSecret, `${provider.issuer}#${unverified.sub}`));
    db.close();
    assert.equal(found, 1);
  });

  const refusals: Array<[string, (p: OidcProvider, u: ReturnType<OidcProvider['addUser']>) => Promise<string>]> = [
    ['expired', (p, u) => p.accessToken(u, { expiresInSec: -60 })],
    ['wrongly signed', (p, u) => p.accessToken(u, { forged: true })],
    ['meant for another client', (p, u) => p.accessToken(u, { audience: 'another-app', clientIdClaim: 'another-app' })],
    ['from another issuer', (p, u) => p.accessToken(u, { issuer: 'https://evil.example' })],
    ['missing a required scope', (p, u) => p.accessToken(u, { scope: 'openid' })],
    ['not a JWT', async () => 'not-a-jwt'],
  ];
  for (const [what, mint] of refusals) {
    void it(`refuses a token ${what}: 401 errno 110, no session minted`, async () => {
      const user = provider.addUser(`refused-${what.replace(/\W/g, '-')}@example.com`);
      const token = await mint(provider, user);
      const before = sessionCount();
      const response = await signInWithBearer(new LoopClient(server.url), token);
      assert.equal(response.status, 401, response.text);
      assert.equal((response.body as ErrorBody).errno, 110);
      assert.equal(response.headers.get('hawk-session-token'), null);
      assert.equal(sessionCount(), before);
    });
  }

  void it('accepts a token signed by a new key after the provider rotates its keys', async () => {
    const user = provider.addUser('rotation@example.com');
    assert.equal((await signInWithBearer(new LoopClient(server.url), await provider.accessToken(user))).status, 200);
    const oldKid = provider.currentKid;
    const fetchesBefore = provider.jwksFetches;
    await provider.rotateKey();
    assert.notEqual(provider.currentKid, oldKid);
    const response = await signInWithBearer(new LoopClient(server.url), await provider.accessToken(user));
    assert.equal(response.status, 200, response.text);
    assert.equal(provider.jwksFetches, fetchesBefore + 1, 'the unknown key id made the server fetch the key set again');
  });

  void it('answers BrowserID with 401 errno 110 saying it is no longer supported', async () => {
    const response = await new LoopClient(server.url).request('POST', '/registration', {
      hawk: false,
      headers: { authorization: 'BrowserID eyJhbGciOi.x.y~z' },
    });
    assert.equal(response.status, 401);
    assert.equal((response.body as ErrorBody).errno, 110);
    assert.match((response.body as ErrorBody).message, /BrowserID is no longer supported; sign in with OpenID Connect/);
  });

  void it('refuses a Bearer token on routes that do not sign in', async () => {
    const user = provider.addUser('elsewhere@example.com');
    const response = await new LoopClient(server.url).request('GET', '/call-url', {
      hawk: false,
      headers: { authorization: `Bearer ${await provider.accessToken(user)}` },
    });
    assert.equal(response.status, 401);
  });
});

void describe('sign-in when the identity provider cannot be reached', () => {
  void it('503 errno 201 with Retry-After, for a provider that is down and one that answers 500', async () => {
    const provider = await startOidcProvider();
    const user = provider.addUser('down@example.com');
    const token = await provider.accessToken(user);
    const server = await startTestServer({ env: signInEnv(provider) });
    try {
      provider.discoveryStatus = 500;
      let response = await signInWithBearer(new LoopClient(server.url), token);
      assert.equal(response.status, 503, response.text);
      assert.equal((response.body as ErrorBody).errno, 201);
      assert.equal(response.headers.get('retry-after'), '30');
      await provider.stop();
      response = await signInWithBearer(new LoopClient(server.url), token);
      assert.equal(response.status, 503);
      assert.equal((response.body as ErrorBody).errno, 201);
      assert.ok(response.headers.get('retry-after'));
      response = await new LoopClient(server.url).request('POST', '/fxa-oauth/params');
      assert.equal(response.status, 503);
    } finally {
      await server.close();
    }
  });
});

void describe('sign-in switched off (no LOOP_OIDC_* settings)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  void it('GET / says so, and the sign-in routes answer 404 errno 999 without minting a session', async () => {
    const client = new LoopClient(server.url);
    const { body } = await client.request<{ fxaOAuth: boolean; signIn: unknown }>('GET', '/');
    assert.equal(body.fxaOAuth, false);
    assert.deepEqual(body.signIn, { enabled: false });
    for (const [method, url] of [
      ['POST', '/fxa-oauth/params'],
      ['POST', '/v0/fxa-oauth/token'],
      ['GET', '/fxa-oauth/token'],
    ] as const) {
      const response = await client.request(method, url, { body: method === 'POST' ? {} : undefined });
      assert.equal(response.status, 404, `${method} ${url}`);
      assert.equal((response.body as ErrorBody).errno, 999);
      assert.match((response.body as { error: string }).error, /Sign-in is not enabled/);
      assert.equal(response.headers.get('hawk-session-token'), null);
    }
    const bearer = await signInWithBearer(client, 'eyJ.any.token');
    assert.equal(bearer.status, 404);
    assert.equal((bearer.body as ErrorBody).errno, 999);
  });
});
