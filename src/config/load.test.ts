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
      for (const name of ['PORT', 'LOOP_PROVIDER', 'LOOP_PUBLIC_URL', 'LOG_LEVEL']) assert.ok(error.message.includes(name), name);
      return true;
    },
  );
});

await test('the environment wins over the LOOP_CONFIG file, which wins over defaults', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/loop-config-');
  writeFileSync(`${dir}/loop.json`, JSON.stringify({ PORT: 7000, LOOP_ALLOWED_ORIGINS: ['https://a.example', 'https://b.example'] }));
  const config = loadConfig({ LOOP_CONFIG: `${dir}/loop.json`, LOOP_ALLOWED_ORIGINS: 'https://c.example' });
  assert.equal(config.port, 7000);
  assert.deepEqual(config.allowedOrigins, ['https://c.example']);
  writeFileSync(`${dir}/bad.json`, JSON.stringify({ PORTT: 1 }));
  assert.throws(() => loadConfig({ LOOP_CONFIG: `${dir}/bad.json` }), /unknown setting PORTT/);
});

await test('docs/configuration.md documents every setting and secret', () => {
  const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  for (const name of [...SETTINGS.map((s) => s.env), ...SECRET_ENV_NAMES, 'LOOP_CONFIG']) assert.ok(doc.includes(`\`${name}\``), `${name} is documented`);
});

await test('sign-in is off by default, and all four OpenID Connect settings come together or not at all', () => {
  const off = loadConfig({});
  assert.equal(off.oidcIssuer, null);
  assert.deepEqual(off.oidcScopes, ['openid', 'email', 'profile']);
  const on = loadConfig({
    LOOP_OIDC_ISSUER: 'https://id.example/', LOOP_OIDC_CLIENT_ID: 'loop', LOOP_OIDC_CLIENT_SECRET: 's3cret',
    LOOP_OIDC_REDIRECT_URI: 'https://app.example/signed-in', LOOP_OIDC_SCOPES: 'openid,email',
  });
  assert.equal(on.oidcIssuer, 'https://id.example/', 'kept as written: iss claims compare as strings');
  assert.deepEqual(on.oidcScopes, ['openid', 'email']);
  assert.throws(() => loadConfig({ LOOP_OIDC_ISSUER: 'https://id.example' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 1);
    assert.match(error.message, /missing: LOOP_OIDC_CLIENT_ID, LOOP_OIDC_CLIENT_SECRET, LOOP_OIDC_REDIRECT_URI/);
    return true;
  });
  assert.throws(() => loadConfig({ LOOP_OIDC_SCOPES: 'email' }), /LOOP_OIDC_SCOPES.*must include openid/);
});
