import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { LoopError } from '../errors/loop-error.ts';
import { toWebPushSubscription } from './web-push-subscription.ts';

function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') };
}
const strict = { allowInsecure: false, allowPrivate: false };
/** Insecure push only makes sense with private addresses allowed: the configuration refuses it alone. */
const insecure = { allowInsecure: true, allowPrivate: true };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof LoopError);
    assert.equal(error.status, 400);
    assert.equal(error.errno, 107);
    return error.error;
  }
  assert.fail('expected a refusal');
}

await test('keeps a valid subscription, subscribed to both topics by default', () => {
  const keys = browserKeys();
  assert.deepEqual(toWebPushSubscription({ endpoint: 'https://push.example/x', keys }, strict), {
    endpoint: 'https://push.example/x',
    p256dh: keys.p256dh,
    auth: keys.auth,
    topics: ['calls', 'rooms'],
  });
  assert.deepEqual(
    toWebPushSubscription({ endpoint: 'https://push.example/x', keys, topics: ['rooms'] }, strict).topics,
    ['rooms'],
  );
});

await test('stores keys as canonical base64url whatever base64 flavour the client sent', () => {
  const keys = browserKeys();
  const standard = (value: string) => Buffer.from(value, 'base64url').toString('base64');
  const stored = toWebPushSubscription(
    { endpoint: 'https://push.example/x', keys: { p256dh: standard(keys.p256dh), auth: standard(keys.auth) } },
    strict,
  );
  assert.equal(stored.p256dh, keys.p256dh);
  assert.equal(stored.auth, keys.auth);
});

await test('https only, unless insecure push is allowed, and then http on the loopback address only', () => {
  const keys = browserKeys();
  assert.equal(
    refusal(() => toWebPushSubscription({ endpoint: 'http://127.0.0.1:9/x', keys }, strict)),
    'webPushSubscription.endpoint should be an https URL',
  );
  for (const endpoint of ['http://127.0.0.1:9/x', 'http://[::1]:9/x', 'http://localhost:9/x']) {
    assert.equal(toWebPushSubscription({ endpoint, keys }, insecure).endpoint, endpoint);
  }
  for (const endpoint of [
    'http://10.0.0.1/x',
    'http://127.0.0.1.example/x',
    'ftp://127.0.0.1/x',
    'https://user:pw@push.example/x',
    '//push.example/x',
  ]) {
    assert.match(
      refusal(() => toWebPushSubscription({ endpoint, keys }, insecure)),
      /^webPushSubscription\.endpoint /,
      endpoint,
    );
  }
});

await test('an endpoint on a non-public IP address is refused unless private push is allowed; names pass', () => {
  const keys = browserKeys();
  const cases = [
    ['https://127.0.0.1/x', 'webPushSubscription.endpoint should point to a public address, not 127.0.0.1 (loopback)'],
    ['https://[::1]:8443/x', 'webPushSubscription.endpoint should point to a public address, not [::1] (loopback)'],
    ['https://10.1.2.3/x', 'webPushSubscription.endpoint should point to a public address, not 10.1.2.3 (private)'],
    [
      'https://169.254.169.254/latest/meta-data',
      'webPushSubscription.endpoint should point to a public address, not 169.254.169.254 (link-local)',
    ],
    [
      'https://[::ffff:192.168.0.1]/x',
      'webPushSubscription.endpoint should point to a public address, not [::ffff:c0a8:1] (private)',
    ],
    ['https://0x7f.1/x', 'webPushSubscription.endpoint should point to a public address, not 127.0.0.1 (loopback)'],
  ] as const;
  for (const [endpoint, message] of cases) {
    assert.equal(
      refusal(() => toWebPushSubscription({ endpoint, keys }, strict)),
      message,
      endpoint,
    );
    assert.equal(
      toWebPushSubscription({ endpoint, keys }, { allowInsecure: false, allowPrivate: true }).endpoint,
      endpoint,
    );
  }
  for (const endpoint of [
    'https://8.8.8.8/x',
    'https://[2606:4700:4700::1111]/x',
    'https://localhost/x',
    'https://updates.push.services.mozilla.com/wpush/v2/x',
  ]) {
    assert.equal(toWebPushSubscription({ endpoint, keys }, strict).endpoint, endpoint, endpoint);
  }
});

await test('refuses keys a push could never be encrypted for', () => {
  const keys = browserKeys();
  const endpoint = 'https://push.example/x';
  const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
  const compressed = Buffer.concat([Buffer.from([2]), Buffer.alloc(32, 7)]).toString('base64url');
  for (const p256dh of [offCurve, compressed, 'not base64!', '']) {
    assert.match(
      refusal(() => toWebPushSubscription({ endpoint, keys: { ...keys, p256dh } }, strict)),
      /^webPushSubscription\.keys\.p256dh /,
    );
  }
  for (const auth of [randomBytes(8).toString('base64url'), randomBytes(32).toString('base64url'), '***']) {
    assert.match(
      refusal(() => toWebPushSubscription({ endpoint, keys: { ...keys, auth } }, strict)),
      /^webPushSubscription\.keys\.auth /,
    );
  }
});
