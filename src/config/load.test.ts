import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './load.ts';
import { SETTINGS } from './schema.ts';
import { SECRET_ENV_NAMES } from './secrets.ts';

await test('defaults give the documented server on 127.0.0.1:5000', () => {
  const config = loadConfig({});
  assert.equal(config.port, 5000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://127.0.0.1:5000');
  assert.match(config.storeUrl, /^sqlite:.*data\/loop\.sqlite$/);
  assert.equal(config.provider, 'builtin');
  assert.deepEqual(config.allowedOrigins, []);
  assert.equal(config.callUrlTimeoutHours, 720);
});

await test('computed defaults follow the settings they derive from', () => {
  const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', LOOP_DATA_DIR: '/srv/loop' });
  assert.equal(config.publicUrl, 'http://0.0.0.0:8080');
  assert.equal(config.storeUrl, 'sqlite:/srv/loop/loop.sqlite');
  assert.equal(config.secretsFile, '/srv/loop/secrets.json');
});

await test('every problem is reported at once', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', LOOP_PROVIDER: 'acme', LOOP_PUBLIC_URL: 'not a url', LOG_LEVEL: 'loud' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 4);
      for (const name of ['PORT', 'LOOP_PROVIDER', 'LOOP_PUBLIC_URL', 'LOG_LEVEL'])
        assert.ok(error.message.includes(name), name);
      return true;
    },
  );
});

await test('the environment wins over the LOOP_CONFIG file, which wins over defaults', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/loop-config-');
  writeFileSync(
    `${dir}/loop.json`,
    JSON.stringify({ PORT: 7000, LOOP_ALLOWED_ORIGINS: ['https://a.example', 'https://b.example'] }),
  );
  const config = loadConfig({ LOOP_CONFIG: `${dir}/loop.json`, LOOP_ALLOWED_ORIGINS: 'https://c.example' });
  assert.equal(config.port, 7000);
  assert.deepEqual(config.allowedOrigins, ['https://c.example']);
  writeFileSync(`${dir}/bad.json`, JSON.stringify({ PORTT: 1 }));
  assert.throws(() => loadConfig({ LOOP_CONFIG: `${dir}/bad.json` }), /unknown setting PORTT/);
});

await test('docs/configuration.md documents every setting and secret', () => {
  const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  for (const name of [...SETTINGS.map((s) => s.env), ...SECRET_ENV_NAMES, 'LOOP_CONFIG'])
    assert.ok(doc.includes(`\`${name}\``), `${name} is documented`);
});

await test('sign-in is off by default, and all four OpenID Connect settings come together or not at all', () => {
  const off = loadConfig({});
  assert.equal(off.oidcIssuer, null);
  assert.deepEqual(off.oidcScopes, ['openid', 'email', 'profile']);
  const on = loadConfig({
    LOOP_OIDC_ISSUER: 'https://id.example/',
    LOOP_OIDC_CLIENT_ID: 'loop',
    LOOP_OIDC_CLIENT_SECRET: 's3cret',
    LOOP_OIDC_REDIRECT_URI: 'https://app.example/signed-in',
    LOOP_OIDC_SCOPES: 'openid,email',
  });
  assert.equal(on.oidcIssuer, 'https://id.example/', 'kept as written: iss claims compare as strings');
  assert.deepEqual(on.oidcScopes, ['openid', 'email']);
  assert.throws(
    () => loadConfig({ LOOP_OIDC_ISSUER: 'https://id.example' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 1);
      assert.match(error.message, /missing: LOOP_OIDC_CLIENT_ID, LOOP_OIDC_CLIENT_SECRET, LOOP_OIDC_REDIRECT_URI/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ LOOP_OIDC_SCOPES: 'email' }), /LOOP_OIDC_SCOPES.*must include openid/);
});

await test('call timers default to 10/30/10 s and accept fractions', () => {
  const defaults = loadConfig({});
  assert.deepEqual([defaults.timerSupervisorySec, defaults.timerRingingSec, defaults.timerConnectionSec], [10, 30, 10]);
  const fast = loadConfig({
    LOOP_TIMER_SUPERVISORY: '0.05',
    LOOP_TIMER_RINGING: '0.05',
    LOOP_TIMER_CONNECTION: '0.05',
  });
  assert.deepEqual([fast.timerSupervisorySec, fast.timerRingingSec, fast.timerConnectionSec], [0.05, 0.05, 0.05]);
  assert.throws(() => loadConfig({ LOOP_TIMER_RINGING: '0' }), /LOOP_TIMER_RINGING="0": must be a positive number/);
  assert.throws(
    () => loadConfig({ LOOP_TIMER_CONNECTION: 'soon' }),
    /LOOP_TIMER_CONNECTION="soon": must be a positive number/,
  );
});

await test('the call duration must cover the three timers', () => {
  assert.equal(loadConfig({ LOOP_CALL_DURATION_SECONDS: '50' }).callDurationSec, 50);
  assert.throws(
    () => loadConfig({ LOOP_CALL_DURATION_SECONDS: '49.5' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [
        'LOOP_CALL_DURATION_SECONDS (49.5) must be at least LOOP_TIMER_SUPERVISORY + LOOP_TIMER_RINGING + LOOP_TIMER_CONNECTION (50), ' +
          'or a call record expires before its timers can end it',
      ]);
      return true;
    },
  );
  assert.throws(
    () => loadConfig({ LOOP_TIMER_RINGING: '55' }),
    /LOOP_CALL_DURATION_SECONDS \(60\) must be at least .* \(75\)/,
  );
});

await test('LOOP_PUBSUB_URL is empty (in-process) or a Redis URL', () => {
  assert.equal(loadConfig({}).pubsubUrl, '');
  assert.equal(loadConfig({ LOOP_PUBSUB_URL: 'redis://10.0.0.2:6379/3' }).pubsubUrl, 'redis://10.0.0.2:6379/3');
  assert.throws(
    () => loadConfig({ LOOP_PUBSUB_URL: 'http://redis' }),
    /LOOP_PUBSUB_URL="http:\/\/redis": must be empty \(one instance\) or a redis:\/\/ or rediss:\/\/ URL/,
  );
});

await test('websocket limits are bounded integers', () => {
  const config = loadConfig({});
  assert.deepEqual([config.wsMaxFrameBytes, config.wsMaxSocketsPerCall], [65536, 10]);
  assert.throws(
    () => loadConfig({ LOOP_WS_MAX_SOCKETS_PER_CALL: '1' }),
    /LOOP_WS_MAX_SOCKETS_PER_CALL="1": must be an integer from 2 to 1000/,
  );
});

await test('a progress socket waits 10 s for its hello by default; fractions allowed, zero and over an hour refused', () => {
  assert.equal(loadConfig({}).wsHelloTimeoutSec, 10);
  assert.equal(loadConfig({ LOOP_WS_HELLO_TIMEOUT_SECONDS: '0.25' }).wsHelloTimeoutSec, 0.25);
  assert.throws(
    () => loadConfig({ LOOP_WS_HELLO_TIMEOUT_SECONDS: '0' }),
    /LOOP_WS_HELLO_TIMEOUT_SECONDS="0": must be a positive number/,
  );
  assert.throws(
    () => loadConfig({ LOOP_WS_HELLO_TIMEOUT_SECONDS: '3601' }),
    /LOOP_WS_HELLO_TIMEOUT_SECONDS="3601": must be a positive number up to 3600/,
  );
});

await test('ICE servers: stun/turn URIs only, TURN needs its secret, and the secret is never echoed', () => {
  const config = loadConfig({
    LOOP_STUN_URLS: 'stun:stun.example.net:3478',
    LOOP_TURN_URLS: 'turn:turn.example.net:3478?transport=udp, turns:turn.example.net:5349',
    LOOP_TURN_SECRET: 's3cr3t',
  });
  assert.deepEqual(config.stunUrls, ['stun:stun.example.net:3478']);
  assert.deepEqual(config.turnUrls, ['turn:turn.example.net:3478?transport=udp', 'turns:turn.example.net:5349']);
  assert.equal(config.turnTtlSec, 86400);
  assert.throws(() => loadConfig({ LOOP_TURN_URLS: 'turn:turn.example.net' }), /LOOP_TURN_URLS needs LOOP_TURN_SECRET/);
  assert.throws(
    () => loadConfig({ LOOP_STUN_URLS: 'https://stun.example.net' }),
    /LOOP_STUN_URLS=.*not a stun:, stuns:, turn: or turns: URI/,
  );
  assert.throws(
    () => loadConfig({ LOOP_TURN_SECRET: 'x'.repeat(8), LOOP_TURN_TTL: '5' }),
    (error: Error) => !error.message.includes('xxxxxxxx'),
  );
});

await test('push destinations: public addresses only by default; insecure (loopback http) push needs private push allowed', () => {
  assert.deepEqual([loadConfig({}).allowPrivatePush, loadConfig({}).allowInsecurePush], [false, false]);
  assert.equal(loadConfig({ LOOP_ALLOW_PRIVATE_PUSH: 'true' }).allowPrivatePush, true);
  assert.throws(
    () => loadConfig({ LOOP_ALLOW_INSECURE_PUSH: 'true' }),
    /LOOP_ALLOW_INSECURE_PUSH=true .* needs LOOP_ALLOW_PRIVATE_PUSH=true/,
  );
  const local = loadConfig({ LOOP_ALLOW_INSECURE_PUSH: 'true', LOOP_ALLOW_PRIVATE_PUSH: 'true' });
  assert.deepEqual([local.allowInsecurePush, local.allowPrivatePush], [true, true]);
});

await test('LOOP_TRUST_PROXY takes a boolean or a list of addresses and CIDR blocks', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ LOOP_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.deepEqual(loadConfig({ LOOP_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).trustProxy, [
    '127.0.0.1',
    '10.0.0.0/8',
    'fd00::/8',
  ]);
  for (const bad of ['10.0.0.0/33', 'proxy.example', '1.2.3.4/8/1'])
    assert.throws(() => loadConfig({ LOOP_TRUST_PROXY: bad }), ConfigError, bad);
});
