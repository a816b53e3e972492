/**
 * The SDK's Hawk signing (packages/client/src/hawk.ts, Web Crypto), which the web app runs in the browser,
 * checked in Node against two independent implementations: the reference `hawk` package verifies its headers, and the server's HKDF derivation
 * gives the same credentials. (Node has Web Crypto as `crypto.subtle`, the same API the browser uses.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveHawkCredentials as serverDerive } from '../../src/auth/session-token.ts';
import { deriveHawkCredentials, hawkHeader, newNonce } from '../../packages/client/src/hawk.ts';
import { Hawk } from '../../tools/hawk-reference.ts';

const TOKEN = 'a0'.repeat(32);

void describe('browser Hawk (WebCrypto)', () => {
  void it('derives the same id and key as the server', async () => {
    for (const token of [TOKEN, '0'.repeat(64), 'ff'.repeat(32), 'c3'.repeat(16) + '1b'.repeat(16)]) {
      assert.deepEqual(await deriveHawkCredentials(token), serverDerive(token));
    }
  });

  void it('signs requests the reference implementation accepts, with and without a payload', async () => {
    const credentials = { ...(await deriveHawkCredentials(TOKEN)), algorithm: 'sha256' as const };
    const nowSec = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ callerId: 'Alice', issuer: 'Bob', expiresIn: 24 });
    const cases = [
      { method: 'GET', url: 'http://127.0.0.1:5000/call-url', host: '127.0.0.1', port: 5000 },
      { method: 'POST', url: 'https://loop.example/call-url?x=1', host: 'loop.example', port: 443, payload: body },
      { method: 'DELETE', url: 'http://[::1]:8080/call-url/AAAAAAAAAAA', host: '::1', port: 8080 },
    ];
    for (const c of cases) {
      const authorization = await hawkHeader(credentials, {
        method: c.method,
        url: c.url,
        nowSec,
        nonce: newNonce(),
        ...(c.payload ? { payload: { contentType: 'application/json; charset=utf-8', body: c.payload } } : {}),
      });
      const url = new URL(c.url);
      const verified = await Hawk.server.authenticate(
        {
          method: c.method,
          url: `${url.pathname}${url.search}`,
          host: c.host,
          port: c.port,
          authorization,
          contentType: 'application/json',
        },
        async (id) => (id === credentials.id ? credentials : null),
        c.payload ? { payload: c.payload } : {},
      );
      assert.equal(verified.credentials.id, credentials.id, c.url);
    }
  });

  void it('is refused by the reference when the MAC does not match the request', async () => {
    const credentials = { ...(await deriveHawkCredentials(TOKEN)), algorithm: 'sha256' as const };
    const authorization = await hawkHeader(credentials, {
      method: 'GET',
      url: 'http://127.0.0.1:5000/call-url',
      nowSec: Math.floor(Date.now() / 1000),
      nonce: newNonce(),
    });
    await assert.rejects(
      Hawk.server.authenticate(
        { method: 'GET', url: '/calls?version=0', host: '127.0.0.1', port: 5000, authorization },
        async () => credentials,
      ),
    );
  });
});
