import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextDelayMs, retryAfterMs, verdictFor, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const FAR = NOW + 3_600_000;

await test('verdicts: 2xx delivered, 404/410 gone, 429/5xx/unreachable retry, other 4xx failed', () => {
  for (const status of [200, 201, 202]) assert.equal(verdictFor({ status }), 'delivered');
  for (const status of [404, 410]) assert.equal(verdictFor({ status }), 'gone');
  for (const status of [429, 500, 502, 503, 504]) assert.equal(verdictFor({ status }), 'retry');
  assert.equal(verdictFor({ error: 'timeout' }), 'retry');
  assert.equal(verdictFor({ error: 'network' }), 'retry');
  assert.equal(verdictFor({ error: 'refused-address' }), 'failed', 'an address Loop may not push to stays refused');
  for (const status of [400, 401, 403, 413, 301]) assert.equal(verdictFor({ status }), 'failed');
});

await test('Retry-After reads delta-seconds and HTTP dates', () => {
  assert.equal(retryAfterMs('3', NOW), 3000);
  assert.equal(retryAfterMs(' 0 ', NOW), 0);
  assert.equal(retryAfterMs(new Date(NOW + 7000).toUTCString(), NOW), 7000);
  assert.equal(retryAfterMs(new Date(NOW - 7000).toUTCString(), NOW), 0);
  assert.equal(retryAfterMs('soon', NOW), null);
  assert.equal(retryAfterMs(undefined, NOW), null);
});

await test('backoff doubles from the base and is capped', () => {
  const delays = [1, 2, 3].map((attempts) =>
    nextDelayMs(attempts, { status: 503 }, { ...policy, maxAttempts: 10, maxDelayMs: 300 }, NOW, FAR),
  );
  assert.deepEqual(delays, [100, 200, 300]);
});

await test('stops after maxAttempts, and never retries a final answer', () => {
  assert.equal(nextDelayMs(4, { status: 503 }, policy, NOW, FAR), null);
  assert.equal(nextDelayMs(1, { status: 201 }, policy, NOW, FAR), null);
  assert.equal(nextDelayMs(1, { status: 410 }, policy, NOW, FAR), null);
  assert.equal(nextDelayMs(1, { status: 400 }, policy, NOW, FAR), null);
});

await test('honours Retry-After up to the cap; beyond it, gives up', () => {
  assert.equal(nextDelayMs(1, { status: 429, retryAfter: '0' }, policy, NOW, FAR), 0);
  assert.equal(nextDelayMs(1, { status: 429, retryAfter: '1' }, policy, NOW, FAR), 1000);
  assert.equal(nextDelayMs(1, { status: 503, retryAfter: '2' }, policy, NOW, FAR), null);
  assert.equal(
    nextDelayMs(1, { status: 429, retryAfter: 'garbage' }, policy, NOW, FAR),
    100,
    'unreadable: plain backoff',
  );
});

await test('does not retry past the give-up time (the message TTL)', () => {
  assert.equal(nextDelayMs(1, { status: 503 }, policy, NOW, NOW + 100), 100);
  assert.equal(nextDelayMs(1, { status: 503 }, policy, NOW, NOW + 99), null);
  assert.equal(nextDelayMs(1, { error: 'timeout' }, policy, NOW, NOW), null);
});
