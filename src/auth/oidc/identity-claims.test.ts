import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityFromClaims, isMeantFor, normalizeIdentity, scopesOf } from './identity-claims.ts';

await test('identity: verified e-mail lower-cased, else the subject qualified by the issuer', () => {
  const issuer = 'https://id.example';
  assert.equal(
    identityFromClaims({ sub: 'u1', email: 'Alice@Example.COM', email_verified: true }, issuer),
    'alice@example.com',
  );
  assert.equal(
    identityFromClaims({ sub: 'u1', email: 'alice@example.com', email_verified: 'true' }, issuer),
    'alice@example.com',
  );
  assert.equal(
    identityFromClaims({ sub: 'U1', email: 'alice@example.com', email_verified: false }, issuer),
    'https://id.example#U1',
  );
  assert.equal(identityFromClaims({ sub: 'U1', email: 'alice@example.com' }, issuer), 'https://id.example#U1');
  assert.equal(identityFromClaims({ email: 'alice@example.com' }, issuer), null);
});

await test('scopes from scope or scp; audience from aud, client_id or azp', () => {
  assert.deepEqual([...scopesOf({ scope: 'openid  email' })], ['openid', 'email']);
  assert.deepEqual([...scopesOf({ scp: ['openid', 1] })], ['openid']);
  assert.equal(scopesOf({}).size, 0);
  assert.equal(isMeantFor({ aud: ['api', 'loop'] }, 'loop'), true);
  assert.equal(isMeantFor({ aud: 'api', client_id: 'loop' }, 'loop'), true);
  assert.equal(isMeantFor({ aud: 'api', azp: 'other' }, 'loop'), false);
});

await test('callee ids: e-mails compare case-insensitively, issuer-qualified subjects exactly', () => {
  assert.equal(normalizeIdentity(' Bob@Example.com '), 'bob@example.com');
  assert.equal(normalizeIdentity('https://id.example#AbC'), 'https://id.example#AbC');
});
