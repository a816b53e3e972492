/** The packed form of hex ids in Redis records (src/storage/redis/packed-hex.ts): exact for every string. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { packHex, unpackHex } from '../../src/storage/redis/packed-hex.ts';

void describe('packed hex', () => {
  void it('stores a lowercase hex id in base64url behind "~"', () => {
    const id = randomBytes(32).toString('hex');
    const packed = packHex(id);
    assert.equal(packed.length, 44);
    assert.match(packed, /^~[A-Za-z0-9_-]+$/);
    assert.equal(unpackHex(packed), id);
  });

  void it('gives back every other string exactly, including ones that start with "~"', () => {
    for (const value of ['', 'alice', 'ABCDEF', 'abc', '0', '~', '~~', '~abc', '~~x', 'user-12', 'g0', 'ab\ncd']) {
      assert.equal(unpackHex(packHex(value)), value, JSON.stringify(value));
    }
    assert.equal(packHex('alice'), 'alice', 'a non-hex value is stored as given');
  });

  void it('reads a value stored before packing (plain hex) as itself', () => {
    const id = randomBytes(16).toString('hex');
    assert.equal(unpackHex(id), id);
  });
});
