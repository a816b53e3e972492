/**
 * LOOP_PROVIDER=opentok against a local OpenTok REST API (test/fakes/opentok-server.ts) over real HTTP:
 * the SDK signs its requests, the fake checks them, the tokens handed out are checked here.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { jwtVerify, type JWTPayload } from 'jose';
import { aliceCalls, bobWithLink, bobsCalls } from '../helpers/call-parties.ts';
import { metricValue } from '../helpers/metrics.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { OpenTokServer } from '../fakes/opentok-server.ts';

const DEFAULT = { apiKey: '100001', apiSecret: 'default-project-secret-0123456789' };
const BETA = { apiKey: '200002', apiSecret: 'beta-project-secret-0123456789' };
const TOKEN_TTL_SEC = 7200;
/**
 * Long enough that a loaded machine does not time out (and retry) a request the fake answers: a retried
 * createSession makes a second session, which the session-counting assertions would see.
 */
const TIMEOUT_MS = 1000;

interface OpenTokTokenClaims extends JWTPayload {
  ist: string;
  session_id: string;
  role: string;
  scope: string;
  expire_time: number;
}

async function verifyToken(token: string, credentials: typeof DEFAULT): Promise<OpenTokTokenClaims> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(credentials.apiSecret), {
    algorithms: ['HS256'],
    issuer: credentials.apiKey,
  });
  return payload as OpenTokTokenClaims;
}

function env(fake: OpenTokServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LOOP_PROVIDER: 'opentok',
    OPENTOK_API_KEY: DEFAULT.apiKey,
    OPENTOK_API_SECRET: DEFAULT.apiSecret,
    OPENTOK_API_URL: fake.url,
    OPENTOK_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SEC),
    LOOP_PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
    OPENTOK_CHANNELS: JSON.stringify({ beta: BETA }),
    ...extra,
  };
}

void describe('OpenTok provider', () => {
  let fake: OpenTokServer;
  let server: TestServer;
  before(async () => {
    fake = await new OpenTokServer({ [DEFAULT.apiKey]: DEFAULT.apiSecret, [BETA.apiKey]: BETA.apiSecret }).start();
    server = await startTestServer({ env: env(fake) });
  });
  afterEach(() => fake.reset());
  after(async () => {
    await server.close();
    await fake.stop();
  });

  void it('creates one relayed session per call and hands each side its own publisher token', async () => {
    const { bob, callToken } = await bobWithLink(server.url);
    const call = await aliceCalls(server.url, callToken);
    assert.equal(call.status, 200, call.text);
    assert.equal(call.body.provider, 'opentok');
    assert.equal(call.body.apiKey, DEFAULT.apiKey);

    assert.equal(fake.sessions.length, 1, 'one session per call');
    const created = fake.sessions[0]!;
    assert.equal(call.body.sessionId, created.sessionId);
    assert.equal(created.p2pPreference, 'enabled', 'relayed media mode by default');

    const nowSec = Math.floor(Date.now() / 1000);
    const callerClaims = await verifyToken(call.body.sessionToken, DEFAULT);
    assert.equal(callerClaims.ist, 'project');
    assert.equal(callerClaims.session_id, created.sessionId);
    assert.equal(callerClaims.role, 'publisher');
    assert.equal(callerClaims.scope, 'session.connect');
    assert.ok(
      Math.abs((callerClaims.exp ?? 0) - (nowSec + TOKEN_TTL_SEC)) <= 2,
      'OPENTOK_TOKEN_TTL_SECONDS sets the expiry',
    );

    const [incoming] = await bobsCalls(bob);
    assert.ok(incoming);
    assert.equal(incoming.sessionId, created.sessionId);
    assert.equal(incoming.apiKey, DEFAULT.apiKey);
    assert.notEqual(incoming.sessionToken, call.body.sessionToken);
    const calleeClaims = await verifyToken(incoming.sessionToken, DEFAULT);
    assert.deepEqual([calleeClaims.session_id, calleeClaims.role], [created.sessionId, 'publisher']);

    assert.equal(
      await metricValue(server.deps.metrics, 'loop_provider_seconds_count', {
        provider: 'opentok',
        operation: 'createSession',
        outcome: 'ok',
      }),
      1,
    );
  });

  void it('uses the credentials of the channel the request names, and the default for unknown ones', async () => {
    const { bob, callToken } = await bobWithLink(server.url);
    const beta = await aliceCalls(server.url, callToken, { channel: 'beta' });
    assert.equal(beta.status, 200, beta.text);
    assert.equal(beta.body.apiKey, BETA.apiKey);
    const made = (sessionId: string) => fake.sessions.find((session) => session.sessionId === sessionId);
    assert.equal(made(beta.body.sessionId)?.apiKey, BETA.apiKey, 'the session was created with the beta project');
    assert.equal((await verifyToken(beta.body.sessionToken, BETA)).session_id, beta.body.sessionId);
    await assert.rejects(verifyToken(beta.body.sessionToken, DEFAULT), 'not signed with the default secret');
    const [incoming] = await bobsCalls(bob);
    assert.equal(incoming?.apiKey, BETA.apiKey, 'the callee is told the same project');

    const unknown = await aliceCalls(server.url, callToken, { channel: 'nightly' });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.body.apiKey, DEFAULT.apiKey);
    assert.equal(made(unknown.body.sessionId)?.apiKey, DEFAULT.apiKey);
  });

  void it('retries a failing session request and succeeds on the third attempt', async () => {
    const { callToken } = await bobWithLink(server.url);
    const errorsBefore = await metricValue(server.deps.metrics, 'loop_provider_errors_total', {
      provider: 'opentok',
      operation: 'createSession',
      kind: 'error',
    });
    fake.failNext(2, 500);
    const call = await aliceCalls(server.url, callToken);
    assert.equal(call.status, 200, call.text);
    assert.equal(fake.requestsTo('/session/create').length, 3);
    assert.equal(call.body.sessionId, fake.sessions[0]?.sessionId);
    const errorsAfter = await metricValue(server.deps.metrics, 'loop_provider_errors_total', {
      provider: 'opentok',
      operation: 'createSession',
      kind: 'error',
    });
    assert.equal(errorsAfter - errorsBefore, 2, 'each failed attempt is counted');
  });

  void it('answers 503 errno 201 with Retry-After after three failures, and stores no call', async () => {
    const { bob, callToken } = await bobWithLink(server.url);
    fake.failNext(3, 503);
    const call = await aliceCalls(server.url, callToken);
    assert.equal(call.status, 503);
    assert.deepEqual(
      {
        code: (call.body as unknown as { code: number }).code,
        errno: (call.body as unknown as { errno: number }).errno,
      },
      { code: 503, errno: 201 },
    );
    assert.equal(call.headers.get('retry-after'), '30');
    assert.equal(fake.requestsTo('/session/create').length, 3, 'three attempts in total, no more');
    assert.deepEqual(await bobsCalls(bob), [], 'no half-created call');
    assert.equal(
      await metricValue(server.deps.metrics, 'loop_provider_seconds_count', {
        provider: 'opentok',
        operation: 'createSession',
        outcome: 'error',
      }),
      1,
    );
    assert.ok(!call.text.includes(DEFAULT.apiSecret));
  });

  void it('gives up on a provider that never answers: each attempt times out, then 503 and no call', async () => {
    const { bob, callToken } = await bobWithLink(server.url);
    fake.hangNext(3);
    const started = Date.now();
    const call = await aliceCalls(server.url, callToken);
    const elapsed = Date.now() - started;
    assert.equal(call.status, 503);
    assert.equal((call.body as unknown as { errno: number }).errno, 201);
    assert.ok(
      elapsed >= 3 * TIMEOUT_MS - 20 && elapsed < 3 * TIMEOUT_MS + 1500,
      `bounded by the attempts (${elapsed} ms)`,
    );
    assert.deepEqual(await bobsCalls(bob), []);
    assert.ok(
      (await metricValue(server.deps.metrics, 'loop_provider_errors_total', {
        provider: 'opentok',
        operation: 'createSession',
        kind: 'timeout',
      })) >= 3,
    );
  });

  void it('heartbeat checks every channel without creating a session', async () => {
    const healthy = await fetch(`${server.url}/__heartbeat__`);
    assert.equal(healthy.status, 200);
    assert.deepEqual(await healthy.json(), { storage: true, provider: true });
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path}`).sort(),
      [`GET /v2/project/${BETA.apiKey}/archive?count=1`, `GET /v2/project/${DEFAULT.apiKey}/archive?count=1`].sort(),
    );
    assert.equal(fake.sessions.length, 0, 'nothing billable, nothing created');

    fake.failNext(1, 500);
    const failing = await fetch(`${server.url}/__heartbeat__`);
    assert.equal(failing.status, 503);
    const body = (await failing.json()) as { provider: boolean; message: string };
    assert.equal(body.provider, false);
    assert.match(body.message, /OpenTok channel "(default|beta)"/);
  });
});

void describe('OpenTok provider, misconfigured or routed', () => {
  let fake: OpenTokServer;
  before(async () => {
    fake = await new OpenTokServer({ [DEFAULT.apiKey]: DEFAULT.apiSecret }).start();
  });
  after(async () => fake.stop());

  void it('routed media mode asks for p2p.preference=disabled', async () => {
    const server = await startTestServer({ env: env(fake, { OPENTOK_MEDIA_MODE: 'routed', OPENTOK_CHANNELS: '{}' }) });
    try {
      const { callToken } = await bobWithLink(server.url);
      assert.equal((await aliceCalls(server.url, callToken)).status, 200);
      assert.equal(fake.sessions.at(-1)?.p2pPreference, 'disabled');
    } finally {
      await server.close();
    }
  });

  void it('a wrong secret is refused by the API: calls get 503, the heartbeat says so without the secret', async () => {
    const wrongSecret = 'not-the-project-secret-9876543210';
    const server = await startTestServer({
      env: env(fake, { OPENTOK_API_SECRET: wrongSecret, OPENTOK_CHANNELS: '{}' }),
    });
    try {
      const { bob, callToken } = await bobWithLink(server.url);
      const call = await aliceCalls(server.url, callToken);
      assert.equal(call.status, 503);
      assert.deepEqual(await bobsCalls(bob), []);
      const heartbeat = await fetch(`${server.url}/__heartbeat__`);
      const text = await heartbeat.text();
      assert.equal(heartbeat.status, 503);
      assert.match(text, /"provider":false/);
      assert.ok(!text.includes(wrongSecret));
    } finally {
      await server.close();
    }
  });
});
