/** Service endpoints and CORS. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

void describe('service endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      env: { LOOP_ALLOWED_ORIGINS: 'https://app.example', LOOP_PUSH_SERVER_URIS: 'wss://push.example/' },
    });
  });
  after(() => server.close());

  for (const prefix of ['', '/v0']) {
    void it(`GET ${prefix}/ describes the service and echoes the language`, async () => {
      const response = await fetch(`${server.url}${prefix}/`, { headers: { 'accept-language': 'fr-FR,fr;q=0.8' } });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.endpoint, server.url);
      assert.equal(body.provider, 'builtin');
      assert.deepEqual(body.i18n, { defaultLang: 'en-US', lang: 'fr-FR' });
      assert.match(String(body.version), /^\d+\.\d+\.\d+/);
    });
  }

  void it('heartbeats: the load-balancer one always, the full one checks store and provider', async () => {
    const lb = await fetch(`${server.url}/__lbheartbeat__`);
    assert.equal(lb.status, 200);
    assert.deepEqual(await lb.json(), {});
    const full = await fetch(`${server.url}/__heartbeat__`);
    assert.equal(full.status, 200);
    assert.deepEqual(await full.json(), { storage: true, provider: true });
  });

  void it('GET /push-server-config names a configured push server and the VAPID public key', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/push-server-config`)).json(), {
      pushServerURI: 'wss://push.example/',
      vapidPublicKey: server.deps.secrets.vapidPublicKey,
    });
  });

  void it('reflects an allowed origin in a preflight, and gives nothing to another origin', async () => {
    const allowed = await fetch(`${server.url}/registration`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    assert.ok(allowed.status === 204 || allowed.status === 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    const other = await fetch(`${server.url}/`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  void it('exposes counters on /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /# TYPE loop_calls_created_total counter/);
    assert.match(text, /# TYPE loop_push_outcomes_total counter/);
    assert.match(text, /# TYPE loop_provider_seconds histogram/);
  });
});
