import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iceServersFor, turnCredential } from './ice-servers.ts';

void describe('ICE servers of built-in provider participants', () => {
  void it('signs TURN usernames as coturn static-auth-secret expects (vectors from `openssl dgst -sha1 -hmac … -binary | base64`)', () => {
    // printf '1700000000:abc' | openssl dgst -sha1 -hmac 'coturn-shared-secret' -binary | base64
    assert.equal(turnCredential('coturn-shared-secret', '1700000000:abc'), 'ep9jiYYd/w4hrZFbR7cPoKVvZm0=');
    // printf 'loop' | openssl dgst -sha1 -hmac 'k' -binary | base64
    assert.equal(turnCredential('k', 'loop'), 'yK1atihhhm3+u3m1WLskE9+UW5I=');
  });

  void it('gives STUN as is and TURN with `<expiry>:<id>` and its credential', () => {
    const settings = {
      stunUrls: ['stun:a:3478'],
      turnUrls: ['turn:b:3478', 'turns:b:5349'],
      turnSecret: 'coturn-shared-secret',
      turnTtlSec: 600,
    };
    assert.deepEqual(iceServersFor(settings, 'abc', 1_699_999_400), [
      { urls: ['stun:a:3478'] },
      { urls: ['turn:b:3478', 'turns:b:5349'], username: '1700000000:abc', credential: 'ep9jiYYd/w4hrZFbR7cPoKVvZm0=' },
    ]);
  });

  void it('gives nothing when nothing is configured', () => {
    assert.deepEqual(iceServersFor({ stunUrls: [], turnUrls: [], turnSecret: '', turnTtlSec: 600 }, 'abc', 0), []);
  });
});
