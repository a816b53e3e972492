import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { deriveHawkCredentials, mintSessionToken } from './session-token.ts';

/**
 * RFC 5869 written out with plain HMAC, so the vectors below do not depend on node's hkdfSync
 * (which the module under test uses).
 */
function hkdfByHand(ikm: Buffer, salt: Buffer, info: Buffer, length: number): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest(); // extract
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let counter = 1; Buffer.concat(blocks).length < length; counter++) {
    previous = createHmac('sha256', prk)
      .update(Buffer.concat([previous, info, Buffer.from([counter])]))
      .digest(); // expand: T(n) = HMAC(PRK, T(n-1) | info | n)
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

const INFO = Buffer.from('identity.mozilla.com/picl/v1/sessionToken');
const HEX64 = /^[0-9a-f]{64}$/;

await test('hkdfByHand (the test oracle itself)', async (t) => {
  await t.test('reproduces RFC 5869 test case 1', () => {
    const okm = hkdfByHand(
      Buffer.alloc(22, 0x0b),
      Buffer.from('000102030405060708090a0b0c', 'hex'),
      Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'),
      42,
    );
    assert.equal(
      okm.toString('hex'),
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });
});

await test('deriveHawkCredentials', async (t) => {
  // Literal vectors computed separately (Python hmac/hashlib HKDF), for a fixed regression anchor.
  const vectors = [
    {
      token: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
      id: '5fa7b1a9a3266f052b766e956f525b583607e777f264a5bb67b57ed5e34c2c5c',
      key: '4f05fbeb8c81b662f52d5c21595c1033a5126f3b7dabd872c4cfd8298254651c',
    },
    {
      token: 'a0'.repeat(32),
      id: '528388630acc8a6a62f6898882530da220fad59464acb3546bd48c84ed72dc07',
      key: '1af60a59e9b04981523075296f90a3d82b00d5c007d33b9fd4e29cffb1d5b603',
    },
  ];

  for (const v of vectors) {
    await t.test(`matches the literal vector for token ${v.token.slice(0, 8)}…`, () => {
      assert.deepEqual(deriveHawkCredentials(v.token), { id: v.id, key: v.key });
    });
  }

  await t.test('matches a hand-written RFC 5869 derivation (salt = 32 zero bytes, 64 bytes split 32/32)', () => {
    const token = 'f00dfeed'.repeat(8);
    const okm = hkdfByHand(Buffer.from(token, 'hex'), Buffer.alloc(32), INFO, 64);
    assert.deepEqual(deriveHawkCredentials(token), {
      id: okm.subarray(0, 32).toString('hex'),
      key: okm.subarray(32, 64).toString('hex'),
    });
  });

  await t.test('treats an empty salt and 32 zero bytes alike (RFC 5869 default salt)', () => {
    const ikm = Buffer.alloc(32, 7);
    assert.deepEqual(hkdfByHand(ikm, Buffer.alloc(0), INFO, 64), hkdfByHand(ikm, Buffer.alloc(32), INFO, 64));
  });

  await t.test('accepts upper-case hex as the same token', () => {
    const token = vectors[1]?.token ?? '';
    assert.deepEqual(deriveHawkCredentials(token.toUpperCase()), deriveHawkCredentials(token));
  });

  await t.test('refuses anything but 64 hex characters, without echoing the value', () => {
    for (const bad of ['', 'abc', 'a0'.repeat(31), 'a0'.repeat(33), 'zz'.repeat(32), ` ${'a0'.repeat(32)}`]) {
      assert.throws(
        () => deriveHawkCredentials(bad),
        (err: unknown) => err instanceof TypeError && (bad === '' || !err.message.includes(bad)),
      );
    }
  });
});

await test('mintSessionToken', async (t) => {
  await t.test('returns a 64-hex token and the credentials derived from it', () => {
    const minted = mintSessionToken();
    assert.match(minted.sessionToken, HEX64);
    assert.match(minted.id, HEX64);
    assert.match(minted.key, HEX64);
    assert.notEqual(minted.id, minted.key);
    const okm = hkdfByHand(Buffer.from(minted.sessionToken, 'hex'), Buffer.alloc(32), INFO, 64);
    assert.equal(minted.id, okm.subarray(0, 32).toString('hex'));
    assert.equal(minted.key, okm.subarray(32).toString('hex'));
  });

  await t.test('mints a different token every time', () => {
    const a = mintSessionToken();
    const b = mintSessionToken();
    assert.notEqual(a.sessionToken, b.sessionToken);
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.key, b.key);
  });
});
