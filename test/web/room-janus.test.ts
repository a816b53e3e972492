/**
 * Five people in one room through a real Janus, in real headless Chromium: LOOP_PROVIDER=builtin with
 * LOOP_SFU_PROVIDER=janus and LOOP_MESH_MAX=4, so a room of six seats is a VideoRoom room. Five browser contexts
 * open the room link and join with our room page; each decodes the other four's video (getStats inbound-rtp
 * framesDecoded, rising) while sending one video track upstream (outbound-rtp, simulcast layers of one track
 * counted once), the SFU's whole point. Janus runs from deploy/janus/ (tools/janus-server.ts).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { writeFakeVideo } from '../../tools/fake-video.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { launchChromium, openPerson, waitFor } from '../helpers/browser.ts';
import { JanusServer } from '../../tools/janus-server.ts';
import { requireChromium, requireJanus } from '../helpers/requirements.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

interface PeerStats {
  pid: string;
  name: string;
  video: Array<{ kind: 'camera' | 'screen'; framesDecoded: number }>;
}
interface UpstreamStats {
  videoTracks: number;
  videoStreams: number;
  bytesSent: number;
}

const NAMES = ['Ana', 'Ben', 'Cleo', 'Dan', 'Eve'];

const roomStats = (page: Page): Promise<PeerStats[]> =>
  page.evaluate(() => (window as unknown as { loopRoomStats(): Promise<PeerStats[]> }).loopRoomStats());
const upstream = (page: Page): Promise<UpstreamStats | null> =>
  page.evaluate(() => (window as unknown as { loopRoomUpstream(): Promise<UpstreamStats | null> }).loopRoomUpstream());

async function framesFrom(page: Page, name: string): Promise<number> {
  const peer = (await roomStats(page)).find((p) => p.name === name);
  return (peer?.video ?? []).filter((v) => v.kind === 'camera').reduce((sum, v) => sum + v.framesDecoded, 0);
}

const iceAddress = requireJanus('a room of five through Janus');
if (iceAddress !== null && requireChromium('a room of five through Janus'))
  void describe('a room of five through Janus, in five browsers', () => {
    let janus: JanusServer;
    let server: TestServer;
    let browser: Browser;
    before(async () => {
      janus = await new JanusServer(iceAddress).start();
      server = await startTestServer({
        env: { LOOP_PROVIDER: 'builtin', LOOP_SFU_PROVIDER: 'janus', LOOP_MESH_MAX: '4', ...janus.loopEnv() },
      });
      // A small fake camera (320x240, 15 fps): five encoders and twenty decoders share two cores.
      const video = path.join(janus.dir, 'camera.y4m');
      writeFakeVideo(video);
      browser = await launchChromium({ fakeVideoFile: video });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await janus?.destroy();
    });

    void it('each person decodes the other four while sending one video track', async () => {
      const owner = new LoopClient(server.url);
      await owner.register();
      const created = await owner.request<{ roomToken: string; roomUrl: string }>('POST', '/rooms', {
        // Six seats: the capacity rule keeps one for the owner, who is not among the five (spec §7.2).
        body: { roomOwner: 'Ana', maxSize: 6, context: { value: 'eA', alg: 'AES-GCM', wrappedKey: '' } },
      });
      assert.equal(created.status, 201, created.text);
      const link = created.body.roomUrl;

      const started = Date.now();
      const pages: Page[] = [];
      const errors: string[][] = [];
      for (const name of NAMES) {
        const person = await openPerson(browser, link);
        await person.page.getByLabel('Your name').fill(name);
        await person.page.getByRole('button', { name: 'Join', exact: true }).click();
        pages.push(person.page);
        errors.push(person.errors);
      }

      for (const [index, page] of pages.entries()) {
        const others = NAMES.filter((_, i) => i !== index);
        for (const name of others) {
          await waitFor(async () => (await framesFrom(page, name)) > 0, 60_000).catch(async () => {
            throw new Error(
              `${NAMES[index]} never decoded ${name}: ${JSON.stringify(await roomStats(page))}; ` +
                `errors: ${errors[index]?.join(' | ')}\n${janus.log.slice(-2000)}`,
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
