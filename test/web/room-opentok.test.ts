/**
 * The room page on an OpenTok room, in real headless Chromium, up to Vonage's first server: Loop makes the
 * session on the local OpenTok fake (test/fakes/opentok-server.ts), the page loads `@opentok/client` from our
 * own bundle (the chunk under /assets/chunks/, nothing third-party), and the SDK asks Vonage's session API
 * ("Anvil", `https://anvil.opentok.com/session/{sessionId}`) for the session with the join's token (its
 * `X-OPENTOK-AUTH` header): the token Loop made for this session, with the person's name and participation
 * in its connection data. Nothing of Vonage's is reachable here, so the browser's requests to Vonage's hosts
 * are answered by the test (Playwright routes) as Anvil answers a refused token (403); the page then says the
 * video service refused the connection. No media flows (no real OpenTok server runs here). The CSP stays
 * strict: the SDK's own inline stylesheet is refused, and nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, jwtVerify } from 'jose';
import type { Browser, Route } from 'playwright-core';
import { LoopClient } from '../../tools/loop-client.ts';
import { OpenTokServer } from '../fakes/opentok-server.ts';
import { launchChromium, openPerson, waitFor, waitForStatus } from '../helpers/browser.ts';
import { requireChromium } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const PROJECT = { apiKey: '100007', apiSecret: 'opentok-web-secret-0123456789abcdef' };
const VONAGE = /^https:\/\/[^/]*\.(opentok|tokbox)\.com\//;

interface VonageRequest {
  url: string;
  headers: Record<string, string>;
}

if (requireChromium('the room page on OpenTok'))
  void describe('the room page on an OpenTok room (up to Vonage session API)', () => {
    let fake: OpenTokServer;
    let server: TestServer;
    let browser: Browser;
    before(async () => {
      fake = await new OpenTokServer({ [PROJECT.apiKey]: PROJECT.apiSecret }).start();
      server = await startTestServer({
        env: {
          LOOP_PROVIDER: 'opentok',
          OPENTOK_API_KEY: PROJECT.apiKey,
          OPENTOK_API_SECRET: PROJECT.apiSecret,
          OPENTOK_API_URL: fake.url,
        },
      });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await fake?.stop();
    });

    void it('@opentok/client, from our bundle, asks for this session with the join token', async () => {
      const owner = new LoopClient(server.url);
      await owner.register();
      const created = await owner.request<{ roomToken: string; roomUrl: string }>('POST', '/rooms', {
        body: { roomOwner: 'Ana', maxSize: 4, context: { value: 'eA', alg: 'AES-GCM', wrappedKey: '' } },
      });
      assert.equal(created.status, 201, created.text);
      const [session] = fake.sessions;
      assert.ok(session, 'the room has its OpenTok session');

      const { page, errors } = await openPerson(browser, created.body.roomUrl);
      const vonage: VonageRequest[] = [];
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.context().route(VONAGE, async (route: Route) => {
        vonage.push({ url: route.request().url(), headers: route.request().headers() });
        await route.fulfill({
          status: 403,
          contentType: 'application/json',
          body: JSON.stringify({ code: 403, message: 'Invalid token' }),
        });
      });
      const csp = (await page.request.get(created.body.roomUrl)).headers()['content-security-policy'] ?? '';
      assert.match(csp, /connect-src 'self' [^;]*https:\/\/\*\.opentok\.com/);
      await page.getByLabel('Your name').fill('Ben');
      await page.getByRole('button', { name: 'Join', exact: true }).click();

      const anvil = () => vonage.find((r) => r.url.includes(`/session/${session.sessionId}`));
      await waitFor(async () => anvil() !== undefined, 20_000).catch(async () => {
        const status = await page.getByRole('status').textContent();
        throw new Error(
          `no session request: ${JSON.stringify(vonage.map((r) => r.url))}; status "${status}"; ` +
            `errors: ${errors.join(' | ')}; requests: ${requests.join(', ')}`,
        );
      });
      const request = anvil()!;
      process.stdout.write(`# the SDK asked ${new URL(request.url).origin}${new URL(request.url).pathname}\n`);
      const token = request.headers['x-opentok-auth'] ?? '';
      assert.ok(token, `the SDK sent the token: ${JSON.stringify(request.headers)}`);

      // The token is the one Loop gave this participation: signed with the project secret, for this session.
      const people = await owner.request<{ participants: Array<{ roomConnectionId: string; displayName: string }> }>(
        'GET',
        `/rooms/${created.body.roomToken}`,
      );
      assert.deepEqual(
        people.body.participants.map((p) => p.displayName),
        ['Ben'],
      );
      const { payload } = await jwtVerify(token, new TextEncoder().encode(PROJECT.apiSecret), {
        issuer: PROJECT.apiKey,
      });
      assert.equal(payload.session_id, session.sessionId, 'for this session only');
      assert.equal(payload.role, 'publisher');
      const data = JSON.parse(String(decodeJwt(token).connection_data)) as Record<string, unknown>;
      assert.deepEqual(data, { displayName: 'Ben', roomConnectionId: people.body.participants[0]!.roomConnectionId });

      await waitForStatus(page, /video service refused the connection|connection was lost/i, 30_000);
      const chunk = requests.find((url) => /\/assets\/chunks\/opentok-session-[A-Za-z0-9]+\.js$/.test(url));
      assert.ok(chunk, `the SDK came from our bundle: ${requests.join(', ')}`);
      assert.ok(
        requests.every((url) => url.startsWith(server.url) || VONAGE.test(url)),
        `no script or request elsewhere: ${requests.join(', ')}`,
      );
      // The SDK injects its default UI's stylesheet inline, which `style-src 'self'` refuses, harmlessly: the
      // page asks for no default UI (`insertDefaultUI: false`). Nothing it needs to reach or run is refused.
      assert.deepEqual(
        errors.filter((e) => /Content Security Policy/i.test(e) && !/^Applying inline style violates/.test(e)),
        [],
        'no CSP violation but the SDK inline stylesheet',
      );
    });
  });
