/**
 * The room page on a LiveKit room, in real headless Chromium, up to the local LiveKit fake (no real LiveKit
 * server runs here, so no media flows): the page loads `livekit-client` from our own bundle (the chunk under
 * /assets/, nothing third-party), the page's CSP lets it reach the configured LiveKit URL and nothing more,
 * and the SDK presents the join's access token at LiveKit's signalling endpoint (`/rtc/v1` in livekit-client 2.23): a token for this
 * room only, with the joiner's identity and name. The fake refuses the connection, and the page says so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { LoopClient } from '../../tools/loop-client.ts';
import { LiveKitServer } from '../fakes/livekit-server.ts';
import { launchChromium, openPerson, waitFor, waitForStatus } from '../helpers/browser.ts';
import { requireChromium } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const KEY = 'APIloopWeb';
const SECRET = 'livekit-web-secret-0123456789abcdef';

if (requireChromium('the room page on LiveKit'))
  void describe('the room page on a LiveKit room (up to the local fake)', () => {
    let fake: LiveKitServer;
    let server: TestServer;
    let browser: Browser;
    before(async () => {
      fake = await new LiveKitServer(KEY, SECRET).start();
      server = await startTestServer({
        env: { LOOP_PROVIDER: 'livekit', LIVEKIT_URL: fake.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET },
      });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await fake?.stop();
    });

    void it('livekit-client, from our bundle, presents the join token for this room at LiveKit /rtc', async () => {
      const owner = new LoopClient(server.url);
      await owner.register();
      const created = await owner.request<{ roomToken: string; roomUrl: string }>('POST', '/rooms', {
        body: { roomOwner: 'Ana', maxSize: 4, context: { value: 'eA', alg: 'AES-GCM', wrappedKey: '' } },
      });
      assert.equal(created.status, 201, created.text);
      const [livekitRoom] = [...fake.rooms.values()];
      assert.ok(livekitRoom);

      const { page, errors } = await openPerson(browser, created.body.roomUrl);
      const csp = (await page.request.get(created.body.roomUrl)).headers()['content-security-policy'] ?? '';
      const wsOrigin = fake.url.replace(/^http/, 'ws');
      assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:\\d+ ${wsOrigin} ${fake.url};`));
      const scripts: string[] = [];
      page.on('request', (request) => scripts.push(request.url()));
      await page.getByLabel('Your name').fill('Ben');
      await page.getByRole('button', { name: 'Join', exact: true }).click();

      await waitFor(async () => fake.rtcAttempts.some((a) => /^\/rtc(\/v1)?$/.test(a.path)), 20_000).catch(async () => {
        const status = await page.getByRole('status').textContent();
        throw new Error(
          `no /rtc attempt: ${JSON.stringify(fake.rtcAttempts)}; status "${status}"; errors: ${errors.join(' | ')}; ` +
            `requests: ${scripts.join(', ')}`,
        );
      });
      const attempt = fake.rtcAttempts.find((a) => /^\/rtc(\/v1)?$/.test(a.path));
      assert.ok(attempt?.accessToken, 'the SDK sent an access token');
      const claims = await fake.accessClaims(attempt.accessToken);
      const video = claims.video as Record<string, unknown>;
      assert.deepEqual([video.room, video.roomJoin], [livekitRoom.name, true], 'this room only');
      // What the page does in the room: publish its camera and screen, subscribe, chat (data packets); a
      // guest is no room admin.
      assert.deepEqual(
        [video.canPublish, video.canSubscribe, video.canPublishData, video.roomAdmin ?? false],
        [true, true, true, false],
      );
      const ttl = Number(claims.exp) - Math.floor(Date.now() / 1000);
      assert.ok(ttl > 0 && ttl <= 600, `a short-lived token (LIVEKIT_TOKEN_TTL_SECONDS): ${ttl} s`);
      assert.equal(claims.name, 'Ben');
      const people = await owner.request<{ participants: Array<{ roomConnectionId: string }> }>(
        'GET',
        `/rooms/${created.body.roomToken}`,
      );
      assert.deepEqual(
        people.body.participants.map((p) => p.roomConnectionId),
        [claims.sub],
        'identity = the participation',
      );

      await waitForStatus(page, /video service refused the connection|connection was lost/i, 30_000);
      const sdkChunk = scripts.find((url) => /\/assets\/chunks\/livekit-session-[A-Za-z0-9]+\.js$/.test(url));
      assert.ok(sdkChunk, `the SDK came from our bundle: ${scripts.join(', ')}`);
      assert.ok(
        scripts.every((url) => url.startsWith(server.url) || url.startsWith(fake.url) || url.startsWith(wsOrigin)),
        `nothing third-party: ${scripts.join(', ')}`,
      );
      assert.deepEqual(
        errors.filter((e) => /Content Security Policy/i.test(e)),
        [],
        'no CSP violation',
      );
    });
  });
