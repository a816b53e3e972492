import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomHex } from './random.ts';
import { sessionBox } from './session-box.ts';

void describe('sessionBox', () => {
  const hawkId = randomHex(32);

  void it('opens what it sealed, and seals the same text differently each time', () => {
    const box = sessionBox(hawkId);
    const a = box.seal('alice@example.com', 'identity');
    const b = box.seal('alice@example.com', 'identity');
    assert.notEqual(a, b);
    assert.ok(!a.includes('alice'));
    assert.equal(box.open(a, 'identity'), 'alice@example.com');
    assert.equal(sessionBox(hawkId.toUpperCase()).open(b, 'identity'), 'alice@example.com');
  });

  void it("refuses another session's key, another purpose, and a tampered value", () => {
    const sealed = sessionBox(hawkId).seal('alice@example.com', 'identity');
    assert.throws(() => sessionBox(randomHex(32)).open(sealed, 'identity'));
    assert.throws(() => sessionBox(hawkId).open(sealed, 'oauth-access-token'));
    const [v, nonce, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    assert.throws(() => sessionBox(hawkId).open(`${v}.${nonce}.${flipped.toString('base64url')}`, 'identity'));
    assert.throws(() => sessionBox(hawkId).open('v2.x.y', 'identity'));
  });

  void it('refuses a key that is not a Hawk id', () => {
    assert.throws(() => sessionBox('short'), TypeError);
  });
});
