/**
 * The fake push service is only as good as its decryption: check it against the worked example of
 * RFC 8291 §5 and against what the `web-push` package produces, before trusting it in other tests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import webpush from 'web-push';
import { BrowserSubscription } from '../fakes/webpush-browser.ts';

const b64 = (value: string) => Buffer.from(value, 'base64url');

await test('decrypts the RFC 8291 §5 example', () => {
  const browser = new BrowserSubscription('https://push.example/rfc8291', {
    privateKey: b64('q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94'),
    authSecret: b64('BTBZMqHH6r4Tts7J_aSIgg'),
  });
  assert.equal(
    browser.publicKey.toString('base64url'),
    'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  );
  const message = b64(
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
  );
  assert.equal(browser.decrypt(message).toString('utf8'), 'When I grow up, I want to be a watermelon');
});

await test('decrypts what web-push encrypts, and refuses a body meant for another subscription', () => {
  const browser = new BrowserSubscription('https://push.example/a');
  const other = new BrowserSubscription('https://push.example/b');
  const { keys } = browser.toJSON();
  const { cipherText } = webpush.encrypt(keys.p256dh, keys.auth, '{"hello":"bob"}', 'aes128gcm');
  assert.equal(browser.decrypt(cipherText).toString('utf8'), '{"hello":"bob"}');
  assert.throws(() => other.decrypt(cipherText));
});
