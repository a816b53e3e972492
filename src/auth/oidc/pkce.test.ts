import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPkcePair, pkceChallenge } from './pkce.ts';

await test('S256 challenge matches the RFC 7636 appendix B example; verifiers are 43 unreserved characters', () => {
  assert.equal(
    pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  );
  const pair = newPkcePair();
  assert.match(pair.verifier, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(pair.challenge, pkceChallenge(pair.verifier));
  assert.notEqual(newPkcePair().verifier, pair.verifier);
});
