import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStoreTarget, parseStoreUrl, type StoreTarget } from './store-url.ts';

function target(raw: string): StoreTarget {
  const parsed = parseStoreUrl(raw);
  assert.ok(parsed.ok, `${raw}: ${parsed.ok ? '' : parsed.problem}`);
  return parsed.target;
}

function problem(raw: string): string {
  const parsed = parseStoreUrl(raw);
  assert.ok(!parsed.ok, `${raw} should be refused`);
  return parsed.problem;
}

await test('sqlite:<path>', () => {
  assert.deepEqual(target('sqlite:/srv/loop/loop.sqlite'), { kind: 'sqlite', path: '/srv/loop/loop.sqlite' });
  assert.deepEqual(target('sqlite::memory:'), { kind: 'sqlite', path: ':memory:' });
  assert.match(problem('sqlite:'), /path/);
});

await test('redis:// with host, port and database; defaults port 6379 and database 0', () => {
  assert.deepEqual(target('redis://10.0.0.5:6380/3'), {
    kind: 'redis',
    node: { host: '10.0.0.5', port: 6380 },
    db: 3,
    tls: false,
  });
  assert.deepEqual(target('redis://cache'), { kind: 'redis', node: { host: 'cache', port: 6379 }, db: 0, tls: false });
  assert.deepEqual(target('redis://[::1]:7000/'), {
    kind: 'redis',
    node: { host: '::1', port: 7000 },
    db: 0,
    tls: false,
  });
});

await test('password-only, user and password (ACL), percent-escaped; rediss:// turns TLS on', () => {
  assert.deepEqual(target('redis://:s3cret@h:1/2'), {
    kind: 'redis',
    node: { host: 'h', port: 1 },
    db: 2,
    tls: false,
    password: 's3cret',
  });
  assert.deepEqual(target('rediss://loop:p%40ss@h:6380'), {
    kind: 'redis',
    node: { host: 'h', port: 6380 },
    db: 0,
    tls: true,
    username: 'loop',
    password: 'p@ss',
  });
});

await test('redis+cluster:// with several nodes; rediss+cluster:// for TLS', () => {
  assert.deepEqual(target('redis+cluster://a:7101,b:7102, c:7103'), {
    kind: 'redis-cluster',
    nodes: [
      { host: 'a', port: 7101 },
      { host: 'b', port: 7102 },
      { host: 'c', port: 7103 },
    ],
    tls: false,
  });
  assert.deepEqual(target('rediss+cluster://:pw@a:7101'), {
    kind: 'redis-cluster',
    nodes: [{ host: 'a', port: 7101 }],
    tls: true,
    password: 'pw',
  });
});

await test('refuses what it cannot open, saying why', () => {
  assert.match(problem('postgres://db/loop'), /must be sqlite/);
  assert.match(problem('redis://a:1,b:2'), /redis\+cluster/);
  assert.match(problem('redis+cluster://a:1,b:2/3'), /database 0/);
  assert.match(problem('redis://h:99999'), /bad host/);
  assert.match(problem('redis://h/x'), /number/);
  assert.match(problem('redis+cluster://a:1,,b:2'), /bad host/);
});

await test('describeStoreTarget never shows credentials', () => {
  assert.equal(describeStoreTarget(target('rediss://loop:hunter2@h:6380/4')), 'rediss://h:6380/4');
  assert.equal(describeStoreTarget(target('redis+cluster://:hunter2@a:1,[::1]:2')), 'redis+cluster://a:1,[::1]:2');
  assert.equal(describeStoreTarget(target('sqlite:/x.db')), 'sqlite:/x.db');
});
