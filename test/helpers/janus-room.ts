/**
 * What the browser tests of rooms on a real Janus share: a Janus from deploy/janus/ (tools/janus-server.ts), a
 * Loop server that puts rooms larger than `meshMax` on it, and one Chromium with a small fake camera; people
 * who open a room's link and join by name; the room page's own stats. Rooms are made with
 * test/api/rooms-support.ts.
 */
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { writeFakeVideo } from '../../tools/fake-video.ts';
import { JanusServer } from '../../tools/janus-server.ts';
import { launchChromium, openPerson } from './browser.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** One remote person as the room page reports them (`window.loopRoomStats()`, from getStats inbound-rtp). */
export interface PeerStats {
  pid: string;
  name: string;
  video: Array<{ kind: 'camera' | 'screen'; framesDecoded: number; frameWidth: number; frameHeight: number }>;
}
/** What the page sends (`window.loopRoomUpstream()`, from outbound-rtp, simulcast layers of a track once). */
export interface UpstreamStats {
  videoTracks: number;
  videoStreams: number;
  bytesSent: number;
}

export const roomStats = (page: Page): Promise<PeerStats[]> =>
  page.evaluate(() => (window as unknown as { loopRoomStats(): Promise<PeerStats[]> }).loopRoomStats());
export const upstream = (page: Page): Promise<UpstreamStats | null> =>
  page.evaluate(() => (window as unknown as { loopRoomUpstream(): Promise<UpstreamStats | null> }).loopRoomUpstream());

/**
 * Inside a `describe`: Janus, Loop (LOOP_PROVIDER=builtin, LOOP_SFU_PROVIDER=janus, LOOP_MESH_MAX=`meshMax`)
 * and Chromium, started before its tests and stopped after them. Read the fields inside the tests.
 */
export function janusRoomRig(
  iceAddress: string,
  meshMax: number,
): { readonly janus: JanusServer; readonly server: TestServer; readonly browser: Browser } {
  let janus: JanusServer | undefined;
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    janus = await new JanusServer(iceAddress).start();
    server = await startTestServer({
      env: { LOOP_PROVIDER: 'builtin', LOOP_SFU_PROVIDER: 'janus', LOOP_MESH_MAX: String(meshMax), ...janus.loopEnv() },
    });
    // A small fake camera (320x240, 15 fps): several encoders and their decoders share two cores.
    const video = path.join(janus.dir, 'camera.y4m');
    writeFakeVideo(video);
    browser = await launchChromium({ fakeVideoFile: video });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await janus?.destroy();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Janus rig is not started yet (use it inside a test)');
    return value;
  };
  return {
    get janus() {
      return started(janus);
    },
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
  };
}

/** Each of `names` opens the room link in a tab of their own and joins by name, in this order. */
export async function joinAll(
  browser: Browser,
  roomUrl: string,
  names: readonly string[],
): Promise<{ pages: Page[]; errors: string[][] }> {
  const pages: Page[] = [];
  const errors: string[][] = [];
  for (const name of names) {
    const person = await openPerson(browser, roomUrl);
    await person.page.getByLabel('Your name').fill(name);
    await person.page.getByRole('button', { name: 'Join', exact: true }).click();
    pages.push(person.page);
    errors.push(person.errors);
  }
  return { pages, errors };
}
