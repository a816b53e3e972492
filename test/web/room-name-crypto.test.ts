/** The browser's room-name encryption (web/shared/room-name-crypto.ts), run in Node's WebCrypto. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decryptRoomName,
  encryptRoomName,
  importRoomKey,
  newRoomKey,
  roomLink,
} from '../../web/shared/room-name-crypto.ts';

void describe('end-to-end encrypted room names', () => {
  void it('the name travels as AES-GCM ciphertext; the fragment key opens it', async () => {
    const { key, encoded } = await newRoomKey();
    assert.match(encoded, /^[A-Za-z0-9_-]{22}$/);
    const context = await encryptRoomName(key, 'Famille Dupont ✨');
    assert.equal(context.alg, 'AES-GCM');
    assert.equal(context.wrappedKey, '');
    assert.ok(!context.value.includes('Dupont'));
    assert.ok(!Buffer.from(context.value, 'base64').toString('latin1').includes('Dupont'));
    const opened = await importRoomKey(`#${encoded}`);
    assert.ok(opened);
    assert.equal(await decryptRoomName(opened, context), 'Famille Dupont ✨');
    const again = await encryptRoomName(key, 'Famille Dupont ✨');
    assert.notEqual(again.value, context.value, 'a fresh IV each time');
  });

  void it('another key, a tampered value or no context gives no name (the page shows a generic title)', async () => {
    const { key } = await newRoomKey();
    const other = await newRoomKey();
    const context = await encryptRoomName(key, 'Book club');
    assert.equal(await decryptRoomName(other.key, context), null);
    const bytes = Buffer.from(context.value, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    assert.equal(await decryptRoomName(key, { ...context, value: bytes.toString('base64') }), null);
    assert.equal(await decryptRoomName(key, null), null);
    assert.equal(await decryptRoomName(key, { ...context, alg: 'something-else' }), null);
    assert.equal(await importRoomKey(''), null);
    assert.equal(await importRoomKey('#not a key'), null);
  });

  void it('the link carries the key only in its fragment', () => {
    assert.equal(roomLink('https://loop.example/r/abcdefghijk', 'KEY'), 'https://loop.example/r/abcdefghijk#KEY');
    assert.equal(roomLink('https://loop.example/r/abcdefghijk', null), 'https://loop.example/r/abcdefghijk');
  });
});
