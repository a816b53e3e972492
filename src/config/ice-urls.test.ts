import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iceUrlProblem } from './ice-urls.ts';

void describe('ICE server URLs in the settings', () => {
  void it('accepts stun/turn URIs only', () => {
    for (const url of ['stun:stun.l.example.com:19302', 'turns:t.example:5349?transport=tcp', 'turn:[::1]:3478'])
      assert.equal(iceUrlProblem(url), null);
    for (const url of ['http://t.example', 'turn:', 'turn:a b', 'turn:a?transport=sctp'])
      assert.notEqual(iceUrlProblem(url), null);
  });
});
