/**
 * CPU cost of building one Web Push request (VAPID token + aes128gcm encryption), with a fresh VAPID
 * token per push and with the per-origin token cache the server uses. Run: `npx tsx bench/webpush-request-cost.ts`.
 */
import { createECDH, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { generateVapidKeys } from '../src/crypto/vapid-keys.ts';
import { VapidHeaderCache } from '../src/push/vapid-header-cache.ts';
import { wakeMessage } from '../src/push/push-messages.ts';

const vapid = { ...generateVapidKeys(), subject: 'mailto:ops@example.org' };
const browser = createECDH('prime256v1');
browser.generateKeys();
const subscription = {
  endpoint: 'https://push.example/abc',
  keys: { p256dh: browser.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') },
};
const message = wakeMessage(
  {
    topic: 'calls',
    version: 1_700_000_000,
    reason: 'call.token',
    call: { callId: randomBytes(16).toString('hex'), callerName: 'Alice', callType: 'audio-video' },
  },
  30,
);
const payload = JSON.stringify(message.payload);
const common = {
  TTL: message.ttlSec,
  urgency: message.urgency,
  topic: message.replaceKey,
  contentEncoding: 'aes128gcm' as const,
};
const cache = new VapidHeaderCache(vapid);

const variants: Record<string, () => unknown> = {
  'fresh VAPID token per push': () =>
    webpush.generateRequestDetails(subscription, payload, { ...common, vapidDetails: vapid }),
  'cached VAPID token (server)': () =>
    webpush.generateRequestDetails(subscription, payload, {
      ...common,
      headers: { Authorization: cache.authorizationFor(subscription.endpoint) },
    }),
};

const ROUNDS = 3;
const N = 2000;
for (const [name, run] of Object.entries(variants)) {
  for (let i = 0; i < 200; i++) run(); // warm-up
  const perPush: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < N; i++) run();
    perPush.push(((performance.now() - started) * 1000) / N);
  }
  process.stdout.write(`${name.padEnd(30)} ${Math.min(...perPush).toFixed(0)} µs/push (best of ${ROUNDS} × ${N})\n`);
}
