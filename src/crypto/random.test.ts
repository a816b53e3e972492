import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBase64Url, randomHex } from './random.ts';

await test('random values have the asked length and never repeat, across pool refills', () => {
  const seen = new Set<string>();
  // 2,000 x 16 bytes spans several 4 KiB refills of the pool.
  for (let i = 0; i < 2000; i++) {
    const value = randomHex(16);
    assert.match(value, /^[0-9a-f]{32}$/);
    assert.ok(!seen.has(value), 'a value was handed out twice');
    seen.add(value);
  }
  assert.match(randomBase64Url(8), /^[A-Za-z0-9_-]{11}$/);
  assert.match(randomHex(32), /^[0-9a-f]{64}$/);
  assert.equal(randomHex(5000).length, 10_000, 'large requests bypass the pool');
});

await test('values are not mostly zero (the pool is really filled)', () => {
  const zeros = Buffer.from(randomHex(4096), 'hex').filter((byte) => byte === 0).length; // about 16 expected
  assert.ok(zeros < 64, `${zeros} zero bytes out of 4096`);
});

await test('byte counts that are not positive integers are refused', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => randomHex(bad), RangeError);
});
