import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from './load.ts';
import { generateVapidKeys, vapidKeysProblem } from '../crypto/vapid-keys.ts';
import { loadSecrets } from './secrets.ts';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'loop-secrets-')), 'nested', 'secrets.json');

await test('secrets are generated once, saved with mode 0600 and reused', () => {
  const file = tempFile();
  const first = loadSecrets(file, {});
  assert.match(first.hawkIdSecret, /^[0-9a-f]{64}$/);
  assert.notEqual(first.hawkIdSecret, first.userMacSecret);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(loadSecrets(file, {}), first);
});

await test('the environment overrides the file and is never written to it', () => {
  const file = tempFile();
  const fromEnv = 'ab'.repeat(32);
  const secrets = loadSecrets(file, { LOOP_HAWK_ID_SECRET: fromEnv });
  assert.equal(secrets.hawkIdSecret, fromEnv);
  assert.ok(!readFileSync(file, 'utf8').includes(fromEnv));
});

await test('a weak secret stops start-up without echoing its value', () => {
  const file = tempFile();
  loadSecrets(file, {});
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  writeFileSync(file, JSON.stringify({ ...stored, userMacSecret: 'short-and-secret' }));
  assert.throws(
    () => loadSecrets(file, {}),
    (error: unknown) => error instanceof ConfigError && !error.message.includes('short-and-secret'),
  );
});

await test('a VAPID key pair is generated on first start, saved and reused', () => {
  const file = tempFile();
  const first = loadSecrets(file, {});
  assert.equal(vapidKeysProblem({ publicKey: first.vapidPublicKey, privateKey: first.vapidPrivateKey }), null);
  assert.equal(Buffer.from(first.vapidPublicKey, 'base64url').length, 65);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  assert.equal(stored.vapidPrivateKey, first.vapidPrivateKey);
  assert.deepEqual(loadSecrets(file, {}), first);
});

await test('an older secrets file without VAPID keys gains a pair and keeps its other secrets', () => {
  const file = tempFile();
  const first = loadSecrets(file, {});
  const older: Partial<typeof first> = { ...first };
  delete older.vapidPublicKey;
  delete older.vapidPrivateKey;
  writeFileSync(file, JSON.stringify(older));
  const upgraded = loadSecrets(file, {});
  assert.equal(upgraded.hawkIdSecret, first.hawkIdSecret);
  assert.notEqual(upgraded.vapidPublicKey, first.vapidPublicKey);
  assert.deepEqual(loadSecrets(file, {}), upgraded);
});

await test('a VAPID pair from the environment is used and not written to the file', () => {
  const file = tempFile();
  const pair = generateVapidKeys();
  const secrets = loadSecrets(file, { LOOP_VAPID_PUBLIC_KEY: pair.publicKey, LOOP_VAPID_PRIVATE_KEY: pair.privateKey });
  assert.equal(secrets.vapidPublicKey, pair.publicKey);
  assert.equal(secrets.vapidPrivateKey, pair.privateKey);
  assert.ok(!readFileSync(file, 'utf8').includes(pair.privateKey));
});

await test('half a VAPID pair, or keys that do not match, stop start-up without echoing a key', () => {
  const file = tempFile();
  const pair = generateVapidKeys();
  const other = generateVapidKeys();
  assert.throws(
    () => loadSecrets(file, { LOOP_VAPID_PRIVATE_KEY: pair.privateKey }),
    (error: unknown) =>
      error instanceof ConfigError && /set both keys/.test(error.message) && !error.message.includes(pair.privateKey),
  );
  assert.throws(
    () => loadSecrets(file, { LOOP_VAPID_PUBLIC_KEY: other.publicKey, LOOP_VAPID_PRIVATE_KEY: pair.privateKey }),
    (error: unknown) =>
      error instanceof ConfigError && /does not belong/.test(error.message) && !error.message.includes(pair.privateKey),
  );
  assert.throws(
    () => loadSecrets(file, { LOOP_VAPID_PUBLIC_KEY: pair.publicKey, LOOP_VAPID_PRIVATE_KEY: 'AAAA' }),
    ConfigError,
  );
});
