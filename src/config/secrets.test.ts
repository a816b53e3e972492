import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from './load.ts';
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
  assert.throws(() => loadSecrets(file, {}), (error: unknown) => error instanceof ConfigError && !error.message.includes('short-and-secret'));
});
