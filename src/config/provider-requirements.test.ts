import assert from 'node:assert/strict';
import { test } from 'node:test';
import { janusInstancesOf } from './janus-instances.ts';
import { ConfigError, loadConfig } from './load.ts';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

await test('LOOP_PROVIDER accepts builtin, opentok, livekit and janus only', () => {
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'builtin' }), []);
  assert.match(
    problemsOf({ LOOP_PROVIDER: 'tokbox' }).join('\n'),
    /LOOP_PROVIDER="tokbox": must be one of: builtin, opentok, livekit, janus/,
  );
});

await test('livekit without its settings names every missing one in one problem', () => {
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'livekit' }), [
    'LOOP_PROVIDER=livekit needs LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET',
  ]);
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'livekit', LIVEKIT_URL: 'wss://lk.example', LIVEKIT_API_KEY: 'k' }), [
    'LOOP_PROVIDER=livekit needs LIVEKIT_API_SECRET',
  ]);
  assert.deepEqual(
    problemsOf({
      LOOP_PROVIDER: 'livekit',
      LIVEKIT_URL: 'wss://lk.example',
      LIVEKIT_API_KEY: 'k',
      LIVEKIT_API_SECRET: 's',
    }),
    [],
  );
  assert.match(
    problemsOf({
      LOOP_PROVIDER: 'livekit',
      LIVEKIT_URL: 'ftp://x',
      LIVEKIT_API_KEY: 'k',
      LIVEKIT_API_SECRET: 's',
    })[0] ?? '',
    /LIVEKIT_URL.*ws\/wss\/http\/https URL/,
  );
});

await test('opentok needs a default channel, from OPENTOK_API_KEY/SECRET or OPENTOK_CHANNELS, but not both', () => {
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'opentok' }), [
    'LOOP_PROVIDER=opentok needs OPENTOK_API_KEY, OPENTOK_API_SECRET (or a "default" entry in OPENTOK_CHANNELS)',
  ]);
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'opentok', OPENTOK_API_KEY: '123' }), [
    'LOOP_PROVIDER=opentok needs OPENTOK_API_SECRET (or a "default" entry in OPENTOK_CHANNELS)',
  ]);
  assert.deepEqual(
    problemsOf({
      LOOP_PROVIDER: 'opentok',
      OPENTOK_CHANNELS: JSON.stringify({ default: { apiKey: '1', apiSecret: 's' } }),
    }),
    [],
  );
  assert.match(
    problemsOf({
      LOOP_PROVIDER: 'opentok',
      OPENTOK_API_KEY: '1',
      OPENTOK_API_SECRET: 's',
      OPENTOK_CHANNELS: JSON.stringify({ default: { apiKey: '1', apiSecret: 's' } }),
    })[0] ?? '',
    /given twice/,
  );
  assert.equal(
    loadConfig({ LOOP_PROVIDER: 'opentok', OPENTOK_API_KEY: '1', OPENTOK_API_SECRET: 's' }).opentokMediaMode,
    'relayed',
  );
  assert.equal(
    loadConfig({ LOOP_PROVIDER: 'opentok', OPENTOK_API_KEY: '1', OPENTOK_API_SECRET: 's' }).opentokTokenTtlSec,
    86400,
  );
});

await test('a malformed channel map is explained by channel and field, never by value', () => {
  const secret = 'super-secret-value';
  const problems = problemsOf({
    LOOP_PROVIDER: 'opentok',
    OPENTOK_API_KEY: '1',
    OPENTOK_API_SECRET: 's',
    OPENTOK_CHANNELS: JSON.stringify({
      beta: { apiKey: '2', apiSecret: secret, region: 'eu' },
      gamma: { apiKey: '3', apiUrl: 'nope' },
    }),
  }).join('\n');
  assert.match(problems, /OPENTOK_CHANNELS=\(hidden\)/);
  assert.match(problems, /channel "beta" has an unknown key "region"/);
  assert.match(problems, /channel "gamma" needs a non-empty apiSecret/);
  assert.match(problems, /channel "gamma" apiUrl must be an http\(s\) URL/);
  assert.ok(!problems.includes(secret));
  assert.match(problemsOf({ OPENTOK_CHANNELS: '[1]' }).join(), /must be a JSON object/);
});

await test('provider problems are listed together with every other problem', () => {
  const problems = problemsOf({ LOOP_PROVIDER: 'livekit', LOG_LEVEL: 'loud' });
  assert.equal(problems.length, 2);
  assert.match(problems.join('\n'), /LOG_LEVEL/);
  assert.match(problems.join('\n'), /LIVEKIT_URL/);
});

const JANUS = {
  JANUS_URL: 'http://127.0.0.1:8088/janus',
  JANUS_ADMIN_URL: 'http://127.0.0.1:7088/admin',
  JANUS_API_SECRET: 'api-secret',
  JANUS_ADMIN_SECRET: 'admin-secret',
};

await test('janus needs its two URLs and two secrets, and never echoes a secret', () => {
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'janus' }), [
    'LOOP_PROVIDER=janus needs JANUS_URL, JANUS_ADMIN_URL, JANUS_API_SECRET, JANUS_ADMIN_SECRET',
  ]);
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'janus', ...JANUS }), []);
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'janus', ...JANUS, JANUS_ADMIN_SECRET: '' }), [
    'LOOP_PROVIDER=janus needs JANUS_ADMIN_SECRET',
  ]);
  assert.match(problemsOf({ LOOP_PROVIDER: 'janus', ...JANUS, JANUS_URL: 'ws://x' }).join('\n'), /JANUS_URL.*http/);
  const config = loadConfig({ LOOP_PROVIDER: 'janus', ...JANUS });
  assert.equal(config.janusPublicUrl, '', 'empty: clients get JANUS_URL');
});

await test('several Janus servers: JANUS_INSTANCES instead of (or beside) JANUS_URL, checked per entry', () => {
  const secrets = { JANUS_API_SECRET: 'api-secret', JANUS_ADMIN_SECRET: 'admin-secret' };
  const two = JSON.stringify({
    east: { url: 'http://10.0.0.2:8088/janus', adminUrl: 'http://10.0.0.2:7088/admin' },
    west: {
      url: 'http://10.0.0.3:8088/janus/',
      adminUrl: 'http://10.0.0.3:7088/admin',
      publicUrl: 'https://w.example',
    },
  });
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'janus', JANUS_INSTANCES: two, ...secrets }), []);
  assert.deepEqual(problemsOf({ LOOP_PROVIDER: 'janus', JANUS_INSTANCES: two }), [
    'LOOP_PROVIDER=janus needs JANUS_API_SECRET, JANUS_ADMIN_SECRET',
  ]);
  const config = loadConfig({ LOOP_PROVIDER: 'janus', ...JANUS, JANUS_INSTANCES: two });
  assert.deepEqual(Object.keys(janusInstancesOf(config)), ['default', 'east', 'west'], 'JANUS_URL is "default"');
  assert.deepEqual(janusInstancesOf(config).west, {
    url: 'http://10.0.0.3:8088/janus',
    adminUrl: 'http://10.0.0.3:7088/admin',
    publicUrl: 'https://w.example',
  });
  assert.deepEqual(
    problemsOf({
      LOOP_PROVIDER: 'janus',
      ...JANUS,
      JANUS_INSTANCES: JSON.stringify({ default: { url: JANUS.JANUS_URL, adminUrl: JANUS.JANUS_ADMIN_URL } }),
    }),
    ['LOOP_PROVIDER=janus: the "default" Janus is given twice (JANUS_URL and JANUS_INSTANCES); keep one'],
  );
  const bad = problemsOf({
    LOOP_PROVIDER: 'janus',
    ...secrets,
    JANUS_INSTANCES: JSON.stringify({ East_1: {}, b: { url: 'ws://x', adminUrl: 'http://a', port: 1 } }),
  }).join('\n');
  assert.match(bad, /instance "East_1": a name is 1 to 32 of a-z, 0-9 and -/);
  assert.match(bad, /instance "b" has an unknown key "port"/);
  assert.match(bad, /instance "b" needs url, an http\(s\) URL/);
  assert.match(problemsOf({ JANUS_INSTANCES: '[]' }).join(), /JANUS_INSTANCES.*must be a JSON object/);
});

await test('LOOP_SFU_PROVIDER is janus, livekit or empty, and needs its settings beside LOOP_PROVIDER', () => {
  assert.equal(loadConfig({}).sfuProvider, null);
  assert.equal(loadConfig({}).meshMax, 4);
  assert.match(
    problemsOf({ LOOP_SFU_PROVIDER: 'opentok' }).join('\n'),
    /LOOP_SFU_PROVIDER="opentok": must be one of: janus, livekit/,
  );
  assert.deepEqual(problemsOf({ LOOP_SFU_PROVIDER: 'janus' }), [
    'LOOP_SFU_PROVIDER=janus needs JANUS_URL, JANUS_ADMIN_URL, JANUS_API_SECRET, JANUS_ADMIN_SECRET',
  ]);
  assert.deepEqual(problemsOf({ LOOP_SFU_PROVIDER: 'livekit', LOOP_PROVIDER: 'janus', ...JANUS }), [
    'LOOP_SFU_PROVIDER=livekit needs LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET',
  ]);
  assert.deepEqual(problemsOf({ LOOP_SFU_PROVIDER: 'janus', LOOP_PROVIDER: 'janus', ...JANUS }), [], 'listed once');
  assert.match(problemsOf({ LOOP_MESH_MAX: '1' }).join('\n'), /LOOP_MESH_MAX="1": must be an integer from 2 to 1000/);
});
