/**
 * Behind a TLS proxy, Hawk's signed port is the public URL's: 443 by default, or the port it names
 * (`https://loop.example:8443`), whatever reaches Loop in the Host header. The reference `hawk` client
 * signs the public URL, as a browser on the public address does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveHawkCredentials } from '../../src/auth/session-token.ts';
import { Hawk } from '../../tools/hawk-reference.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

async function signedCallUrlStatus(server: TestServer, publicUrl: string): Promise<number> {
  const minted = await server.app.inject({ method: 'POST', url: '/registration' });
  const credentials = {
    ...deriveHawkCredentials(String(minted.headers['hawk-session-token'])),
    algorithm: 'sha256' as const,
  };
  const { host } = new URL(publicUrl);
  const { header } = Hawk.client.header(`${publicUrl}/call-url`, 'GET', { credentials });
  const answer = await server.app.inject({ method: 'GET', url: '/call-url', headers: { host, authorization: header } });
  return answer.statusCode;
}

for (const publicUrl of ['https://loop.example', 'https://loop.example:8443']) {
  void describe(`Hawk behind TLS, LOOP_PUBLIC_URL=${publicUrl}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ env: { LOOP_PUBLIC_URL: publicUrl, LOOP_TRUST_PROXY: 'true' } });
    });
    after(() => server.close());

    void it('accepts a request signed for the public URL', async () => {
      assert.equal(await signedCallUrlStatus(server, publicUrl), 200);
    });

    void it('refuses one signed for another port', async () => {
      const otherPort = publicUrl.endsWith(':8443') ? 'https://loop.example:443' : 'https://loop.example:8443';
      assert.equal(await signedCallUrlStatus(server, otherPort), 401);
    });
  });
}
