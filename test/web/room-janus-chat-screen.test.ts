/**
 * Chat and screen share through a real Janus, in real headless Chromium, with our room page: three people in
 * a VideoRoom room (LOOP_SFU_PROVIDER=janus, LOOP_MESH_MAX=2, a room of five seats). A chat line from one
 * reaches the other two (over the publisher's data channel, which Janus relays to every subscriber of that
 * publisher); Ana shares her screen (Chromium's fake capture) and the other two get a tile for it and decode
 * it (getStats inbound-rtp of kind `screen`, rising, at the screen's own size); she stops and the tile goes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, waitFor } from '../helpers/browser.ts';
import { janusRoomRig, joinAll, roomStats, upstream } from '../helpers/janus-room.ts';
import { createRoom, registered } from '../api/rooms-support.ts';
import { requireChromium, requireJanus } from '../helpers/requirements.ts';

const NAMES = ['Ana', 'Ben', 'Cleo'] as const;

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
    const rig = janusRoomRig(iceAddress, 2);

    void it('a chat line reaches the other two; a shared screen reaches them and goes when stopped', async () => {
      // Five seats: three people and Ana's screen (one more publisher), the owner's seat kept (spec §7.2).
      const created = await createRoom(await registered(rig.server), { roomOwner: 'Ana', maxSize: 5 });
      const stored = await rig.server.deps.store.rooms.get(created.roomToken);
      assert.equal(stored?.provider, 'janus', 'a room larger than LOOP_MESH_MAX is on the SFU');
      const { pages, errors } = await joinAll(rig.browser, created.roomUrl, NAMES);
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
      const sent = await upstream(ana);
      assert.equal(sent?.videoTracks, 2, 'Ana sends her camera and her screen');

      // She stops: the tile goes, her camera stays.
      await ana.getByRole('button', { name: 'Stop sharing' }).click();
      for (const page of [ben, cleo]) {
        await participants(page).getByRole('figure', { name: "Ana's screen" }).waitFor({ state: 'detached' });
        await participants(page).getByRole('figure', { name: 'Ana', exact: true }).waitFor();
      }
      for (const page of pages) await page.context().close();
    });
  });
