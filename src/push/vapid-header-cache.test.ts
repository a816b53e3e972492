import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateVapidKeys } from '../crypto/vapid-keys.ts';
import { VapidHeaderCache } from './vapid-header-cache.ts';

const vapid = { ...generateVapidKeys(), subject: 'mailto:ops@example.org' };
// web-push refuses an `exp` more than 24 h past the real clock, so the test starts from it.
const NOW = Math.floor(Date.now() / 1000);

function claimsOf(header: string): { aud: string; exp: number; sub: string } {
  const token = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  assert.ok(token, header);
  assert.equal(token[2], vapid.publicKey);
  return JSON.parse(Buffer.from(token[1]!.split('.')[1]!, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
}

await test('one token per push-service origin, reused until an hour before it expires', () => {
  const cache = new VapidHeaderCache(vapid);
  const first = cache.authorizationFor('https://push.example/a', NOW);
  assert.deepEqual(claimsOf(first), {
    aud: 'https://push.example',
    exp: NOW + 12 * 3600,
    sub: 'mailto:ops@example.org',
  });
  assert.equal(cache.authorizationFor('https://push.example/b', NOW + 11 * 3600 - 1), first);

  const other = cache.authorizationFor('https://fcm.example:8443/x', NOW);
  assert.equal(claimsOf(other).aud, 'https://fcm.example:8443');

  const renewed = cache.authorizationFor('https://push.example/a', NOW + 11 * 3600);
  assert.notEqual(renewed, first);
  assert.equal(claimsOf(renewed).exp, NOW + 23 * 3600);
});
