import assert from 'node:assert/strict';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { test } from 'node:test';
import { publicOnlyLookup, REFUSED_ADDRESS, type Resolver } from './public-lookup.ts';

/** A resolver answering from a table, as DNS (or an attacker's DNS) would. */
function table(entries: Record<string, LookupAddress[]>): Resolver {
  return (hostname, _options, callback) => {
    const found = entries[hostname];
    if (found) callback(null, found);
    else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
  };
}

type Answer = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family: number | undefined };

function ask(resolver: Resolver | undefined, hostname: string, options: LookupOptions): Promise<Answer> {
  return new Promise((resolve) =>
    publicOnlyLookup(resolver)(hostname, options, (error, address, family) => resolve({ error, address, family })),
  );
}

const DNS = table({
  'push.example': [
    { address: '203.0.114.9', family: 4 },
    { address: '2606:4700::1', family: 6 },
  ],
  'inside.example': [
    { address: '10.0.0.5', family: 4 },
    { address: 'fd00::5', family: 6 },
  ],
  'metadata.example': [{ address: '169.254.169.254', family: 4 }],
  'mixed.example': [
    { address: '127.0.0.1', family: 4 },
    { address: '198.51.99.1', family: 4 },
  ],
});

await test('public names resolve as usual, in both forms Node asks for', async () => {
  assert.deepEqual(await ask(DNS, 'push.example', {}), { error: null, address: '203.0.114.9', family: 4 });
  assert.deepEqual(await ask(DNS, 'push.example', { all: true }), {
    error: null,
    address: [
      { address: '203.0.114.9', family: 4 },
      { address: '2606:4700::1', family: 6 },
    ],
    family: undefined,
  });
});

await test('a name resolving only to refused addresses fails with REFUSED_ADDRESS', async () => {
  for (const name of ['inside.example', 'metadata.example']) {
    for (const options of [{}, { all: true }]) {
      const answer = await ask(DNS, name, options);
      assert.equal(answer.error?.code, REFUSED_ADDRESS, name);
    }
  }
});

await test('refused addresses are dropped from a mixed answer: only public ones are connected to', async () => {
  assert.deepEqual(await ask(DNS, 'mixed.example', { all: true }), {
    error: null,
    address: [{ address: '198.51.99.1', family: 4 }],
    family: undefined,
  });
  assert.deepEqual(await ask(DNS, 'mixed.example', {}), { error: null, address: '198.51.99.1', family: 4 });
});

await test('resolution errors pass through unchanged (a network error, retried as before)', async () => {
  assert.equal((await ask(DNS, 'nowhere.example', {})).error?.code, 'ENOTFOUND');
});

await test('with the system resolver, localhost is refused', async () => {
  const answer = await ask(undefined, 'localhost', { all: true });
  assert.equal(answer.error?.code, REFUSED_ADDRESS);
});
