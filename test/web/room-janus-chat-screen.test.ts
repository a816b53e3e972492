/**
 * Chat and screen share through a real Janus, in real headless Chromium, with our room page: three people in
 * a VideoRoom room (LOOP_SFU_PROVIDER=janus, LOOP_MESH_MAX=2, a room of five seats). A chat line from one
 * reaches the other two (over the publisher's data channel, which Janus relays to every subscriber of that
 * publisher); Ana shares her screen (Chromium's fake capture) and the other two get a tile for it and decode
 * it (getStats inbound-rtp of kind `screen`, rising, at the screen's own size); she stops and the tile goes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { writeFakeVideo } from '../../tools/fake-video.ts';
import { JanusServer } from '../../tools/janus-server.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { launchChromium, openPerson, screenshot, waitFor } from '../helpers/browser.ts';
import { requireChromium, requireJanus } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

interface PeerStats {
  pid: string;
  name: string;
  video: Array<{ kind: 'camera' | 'screen'; framesDecoded: number; frameWidth: number; frameHeight: number }>;
}

const NAMES = ['Ana', 'Ben', 'Cleo'] as const;

const roomStats = (page: Page): Promise<PeerStats[]> =>
  page.evaluate(() => (window as unknown as { loopRoomStats(): Promise<PeerStats[]> }).loopRoomStats());

async function videoFrom(page: Page, name: string, kind: 'camera' | 'screen') {
  const peer = (await roomStats(page)).find((p) => p.name === name);
  const videos = (peer?.video ?? []).filter((v) => v.kind === kind);
  return {
    frames: videos.reduce((sum, v) => sum + v.framesDecoded, 0),
    width: Math.max(0, ...videos.map((v) => v.frameWidth)),
  };
}

/** `page` decodes `name`'s video of `kind`, and keeps decoding it (the count rises). */
async function decodes(page: Page, name: string, kind: 'camera' | 'screen'): Promise<void> {
  await waitFor(async () => (await videoFrom(page, name, kind)).frames > 0, 60_000).catch(async () => {
    throw new Error(`${kind} video of ${name} never decoded: ${JSON.stringify(await roomStats(page))}`);
  });
  const { frames } = await videoFrom(page, name, kind);
  await waitFor(async () => (await videoFrom(page, name, kind)).frames > frames + 3, 20_000);
}

const participants = (page: Page) => page.getByRole('region', { name: 'Participants' });
const chatLog = (page: Page) => page.getByRole('log', { name: 'Chat history' });

const iceAddress = requireJanus('chat and screen share through Janus');
if (iceAddress !== null && requireChromium('chat and screen share through Janus'))
  void describe('chat and screen share through Janus, in three browsers', () => {
    let janus: JanusServer;
    let server: TestServer;
    let browser: Browser;
    before(async () => {
      janus = await new JanusServer(iceAddress).start();
      server = await startTestServer({
        env: { LOOP_PROVIDER: 'builtin', LOOP_SFU_PROVIDER: 'janus', LOOP_MESH_MAX: '2', ...janus.loopEnv() },
      });
      const video = path.join(janus.dir, 'camera.y4m');
      writeFakeVideo(video);
      browser = await launchChromium({ fakeVideoFile: video });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await janus?.destroy();
    });

    void it('a chat line reaches the other two; a shared screen reaches them and goes when stopped', async () => {
      const owner = new LoopClient(server.url);
      await owner.register();
      const created = await owner.request<{ roomToken: string; roomUrl: string }>('POST', '/rooms', {
        // Five seats: three people and Ana's screen (one more publisher), the owner's seat kept (spec §7.2).
        body: { roomOwner: 'Ana', maxSize: 5, context: { value: 'eA', alg: 'AES-GCM', wrappedKey: '' } },
      });
      assert.equal(created.status, 201, created.text);
      const stored = await server.deps.store.rooms.get(created.body.roomToken);
      assert.equal(stored?.provider, 'janus', 'a room larger than LOOP_MESH_MAX is on the SFU');

      const pages: Page[] = [];
      const errors: string[][] = [];
      for (const name of NAMES) {
        const person = await openPerson(browser, created.body.roomUrl);
        await person.page.getByLabel('Your name').fill(name);
        await person.page.getByRole('button', { name: 'Join', exact: true }).click();
        pages.push(person.page);
        errors.push(person.errors);
      }
      const [ana, ben, cleo] = pages as [Page, Page, Page];
      for (const [index, page] of pages.entries())
        for (const other of NAMES.filter((_, i) => i !== index))
          await decodes(page, other, 'camera').catch((error: unknown) => {
            throw new Error(`${NAMES[index]}: ${String(error)}; errors: ${errors[index]?.join(' | ')}`);
          });

      // Chat: each line from one person reaches both others, whoever sends it.
      for (const [index, sender] of pages.entries()) {
        const line = `Hello from ${NAMES[index]}`;
        await sender.getByLabel('Message', { exact: true }).fill(line);
        await sender.getByRole('button', { name: 'Send' }).click();
        for (const [other, page] of pages.entries()) {
          if (other === index) continue;
          await chatLog(page)
            .getByText(`${NAMES[index]}: ${line}`)
            .waitFor({ timeout: 15_000 })
            .catch(() => {
              throw new Error(`${NAMES[other]} never got "${line}"; errors: ${errors[other]?.join(' | ')}`);
            });
        }
      }

      // Ana shares her screen: Ben and Cleo get a tile for it and decode it, at the capture's own size.
      await ana.getByRole('button', { name: 'Share screen' }).click();
      await ana.getByRole('button', { name: 'Stop sharing' }).waitFor();
      for (const page of [ben, cleo]) {
        await participants(page).getByRole('figure', { name: "Ana's screen" }).waitFor({ timeout: 30_000 });
        await decodes(page, 'Ana', 'screen');
        const camera = await videoFrom(page, 'Ana', 'camera');
        const screen = await videoFrom(page, 'Ana', 'screen');
        assert.ok(screen.width > camera.width, `the screen is its own picture: ${screen.width} > ${camera.width}`);
        await decodes(page, 'Ana', 'camera');
      }
      await screenshot(ben, 'room-janus-ana-shares-her-screen');
      const sent = await ana.evaluate(() =>
        (window as unknown as { loopRoomUpstream(): Promise<{ videoTracks: number }> }).loopRoomUpstream(),
      );
      assert.equal(sent.videoTracks, 2, 'Ana sends her camera and her screen');

      // She stops: the tile goes, her camera stays.
      await ana.getByRole('button', { name: 'Stop sharing' }).click();
      for (const page of [ben, cleo]) {
        await participants(page).getByRole('figure', { name: "Ana's screen" }).waitFor({ state: 'detached' });
        await participants(page).getByRole('figure', { name: 'Ana', exact: true }).waitFor();
      }
      for (const page of pages) await page.context().close();
    });
  });
