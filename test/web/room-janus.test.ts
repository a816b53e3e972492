/**
 * Five people in one room through a real Janus, in real headless Chromium: LOOP_PROVIDER=builtin with
 * LOOP_SFU_PROVIDER=janus and LOOP_MESH_MAX=4, so a room of six seats is a VideoRoom room. Five browser contexts
 * open the room link and join with our room page; each decodes the other four's video (getStats inbound-rtp
 * framesDecoded, rising) while sending one video track upstream (outbound-rtp, simulcast layers of one track
 * counted once), the SFU's whole point. Janus runs from deploy/janus/ (tools/janus-server.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { waitFor } from '../helpers/browser.ts';
import { janusRoomRig, joinAll, roomStats, upstream } from '../helpers/janus-room.ts';
import { createRoom, registered } from '../api/rooms-support.ts';
import { requireChromium, requireJanus } from '../helpers/requirements.ts';

const NAMES = ['Ana', 'Ben', 'Cleo', 'Dan', 'Eve'];

async function framesFrom(page: Page, name: string): Promise<number> {
  const peer = (await roomStats(page)).find((p) => p.name === name);
  return (peer?.video ?? []).filter((v) => v.kind === 'camera').reduce((sum, v) => sum + v.framesDecoded, 0);
}

const iceAddress = requireJanus('a room of five through Janus');
if (iceAddress !== null && requireChromium('a room of five through Janus'))
  void describe('a room of five through Janus, in five browsers', () => {
    const rig = janusRoomRig(iceAddress, 4);

    void it('each person decodes the other four while sending one video track', async () => {
      // Six seats: the capacity rule keeps one for the owner, who is not among the five (spec §7.2).
      const { roomUrl } = await createRoom(await registered(rig.server), { roomOwner: 'Ana', maxSize: 6 });
      const started = Date.now();
      const { pages, errors } = await joinAll(rig.browser, roomUrl, NAMES);

      for (const [index, page] of pages.entries()) {
        const others = NAMES.filter((_, i) => i !== index);
        for (const name of others) {
          await waitFor(async () => (await framesFrom(page, name)) > 0, 60_000).catch(async () => {
            throw new Error(
              `${NAMES[index]} never decoded ${name}: ${JSON.stringify(await roomStats(page))}; ` +
                `errors: ${errors[index]?.join(' | ')}\n${rig.janus.log.slice(-2000)}`,
            );
          });
        }
        // Still decoding: the count rises for each of the four.
        for (const name of others) {
          const before = await framesFrom(page, name);
          await waitFor(async () => (await framesFrom(page, name)) > before + 5, 20_000);
        }
        const stats = await roomStats(page);
        assert.deepEqual(stats.map((p) => p.name).sort(), [...others].sort(), `${NAMES[index]} sees the other four`);
        const sent = await upstream(page);
        assert.ok(sent, 'the page reports its upstream');
        assert.equal(sent.videoTracks, 1, `${NAMES[index]} sends one video track: ${JSON.stringify(sent)}`);
        assert.ok(sent.bytesSent > 0);
      }
      process.stdout.write(`# five people decode each other through Janus in ${Date.now() - started} ms\n`);

      // The room's list of people, as the API has it: all five, through the SFU.
      await waitFor(async () => (await pages[0]!.locator('.people li').count()) === 5, 10_000);
      for (const page of pages) await page.context().close();
    });
  });
