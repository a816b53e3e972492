/**
 * A room in real headless Chromium, our own pages end to end: Bob makes a room of three in his app (its
 * name encrypted, the key only in the link's fragment), joins it from the link (as its owner), Ana and
 * Cleo join from their own browser contexts; each page decodes the other two's video (getStats inbound-rtp
 * framesDecoded, rising), Ana shares her screen (fake capture) and the others decode it, a chat line
 * reaches the other two, Dan finds the room full and is not let in, Cleo leaves and the grids shrink, Ana
 * reloads and is back in the room without pressing Join. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openPerson, screenshot, serverAndBrowser, waitFor, waitForStatus } from '../helpers/browser.ts';
import { requireChromium } from '../helpers/requirements.ts';
import { closeAll } from '../helpers/web-parties.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { encryptRoomName, newRoomKey } from '../../web/shared/room-name-crypto.ts';

/** What `window.loopRoomStats()` answers (web/room/mesh.ts `PeerStats`). */
interface PeerStats {
  pid: string;
  name: string;
  state: string;
  signaling: string;
  video: Array<{ kind: 'camera' | 'screen'; framesDecoded: number; frameWidth: number; frameHeight: number }>;
}

const roomStats = (page: Page): Promise<PeerStats[]> =>
  page.evaluate(() => (window as unknown as { loopRoomStats(): Promise<PeerStats[]> }).loopRoomStats());

/** Frames decoded from `name`'s stream of `kind` (0 when none yet). */
async function framesFrom(page: Page, name: string, kind: 'camera' | 'screen'): Promise<number> {
  const peer = (await roomStats(page)).find((p) => p.name === name);
  return (peer?.video ?? []).filter((v) => v.kind === kind).reduce((sum, v) => sum + v.framesDecoded, 0);
}

/** `page` decodes video of `kind` from each of `names`, and keeps decoding (the count rises). */
async function receivesVideo(page: Page, names: string[], kind: 'camera' | 'screen' = 'camera'): Promise<void> {
  for (const name of names) {
    await waitFor(async () => (await framesFrom(page, name, kind)) > 0, 30_000).catch(async () => {
      throw new Error(`${kind} video of ${name} never decoded: ${JSON.stringify(await roomStats(page))}`);
    });
    const before = await framesFrom(page, name, kind);
    await waitFor(async () => (await framesFrom(page, name, kind)) > before + 5, 10_000).catch(() => {
      throw new Error(`${kind} video of ${name} stopped at ${before} frames`);
    });
  }
}

const participants = (page: Page) => page.getByRole('region', { name: 'Participants' });
const tiles = (page: Page) => participants(page).getByRole('figure');

/** Opens the room link in a new tab of `person`'s context, types the name, and joins. */
async function joins(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

if (requireChromium('a room in three browsers'))
  void describe('a room, in three browsers', () => {
    const web = serverAndBrowser();

    void it('three people see and hear each other, share a screen, chat; the fourth finds it full; leaving shrinks the grids', async () => {
      // Bob makes a room of three in his app.
      const { page: app } = await openPerson(web.browser, `${web.server.url}/app/`, [
        'clipboard-read',
        'clipboard-write',
      ]);
      await app.getByText('Ready to receive calls.').waitFor();
      await app.getByLabel('Room name').fill('Book club');
      await app.getByLabel('How many people at most').fill('3');
      await app.getByRole('button', { name: 'Create a room' }).click();
      await waitForStatus(app, /Room Book club created/);
      const room = app.getByRole('listitem', { name: 'Book club' });
      const link = (await room.locator('.link-url code').textContent()) ?? '';
      assert.match(link, new RegExp(`^${web.server.url}/r/[A-Za-z0-9_-]{11}#[A-Za-z0-9_-]{22}$`));
      await room.getByRole('button', { name: 'Copy the link of Book club' }).click();
      assert.equal(await app.evaluate(() => navigator.clipboard.readText()), link);
      await room.getByRole('button', { name: 'QR code of Book club' }).click();
      await app.getByRole('img', { name: 'QR code of the link of Book club' }).waitFor();
      // The server holds only ciphertext: the name is nowhere in what it stores or answers.
      const token = new URL(link).pathname.split('/').pop() ?? '';
      const stored = await web.server.deps.store.rooms.get(token);
      assert.equal(stored?.context?.alg, 'AES-GCM');
      assert.ok(!JSON.stringify(stored).includes('Book club'));
      await screenshot(app, 'room-1-app-room-made');

      // Bob (the owner, his app's session on this origin), Ana and Cleo join.
      const bob = await app.context().newPage();
      await joins(bob, link, 'Bob');
      await waitForStatus(bob, /You are in the room\. Nobody else is here yet/);
      const { page: ana } = await openPerson(web.browser, link);
      // Decrypted from the fragment once the room's info has arrived: wait for it, then read it exactly.
      const heading = ana.getByRole('heading', { level: 1 });
      await heading.filter({ hasText: 'Book club' }).waitFor({ timeout: 15_000 });
      assert.equal(await heading.textContent(), 'Book club', 'decrypted from the fragment');
      await ana.getByRole('button', { name: 'Mute' }).waitFor();
      await joins(ana, link, 'Ana');
      await waitForStatus(ana, /You are in the room with Bob/);
      const { page: cleo } = await openPerson(web.browser, link);
      await joins(cleo, link, 'Cleo');
      await waitForStatus(cleo, /You are in the room with (Bob and Ana|Ana and Bob)/);

      const started = Date.now();
      await Promise.all([
        receivesVideo(bob, ['Ana', 'Cleo']),
        receivesVideo(ana, ['Bob', 'Cleo']),
        receivesVideo(cleo, ['Bob', 'Ana']),
      ]).catch(async (error: unknown) => {
        // Each page's view of its peers (connection and signalling states) says where a mesh stalled.
        for (const [who, page] of [
          ['Bob', bob],
          ['Ana', ana],
          ['Cleo', cleo],
        ] as const)
          process.stdout.write(`# ${who}'s peers: ${JSON.stringify(await roomStats(page))}\n`);
        throw error;
      });
      process.stdout.write(`# all three decode the other two within ${Date.now() - started} ms of Cleo joining\n`);
      for (const [page, others] of [
        [bob, ['Ana', 'Cleo']],
        [ana, ['Bob', 'Cleo']],
        [cleo, ['Bob', 'Ana']],
      ] as const) {
        assert.equal(await tiles(page).count(), 3, 'own preview + two others');
        for (const other of others)
          await participants(page).getByRole('figure', { name: other, exact: true }).waitFor();
      }
      await app.getByText('In the room now: Bob (you), Ana, Cleo.').waitFor({ timeout: 10_000 });
      const people = ana.getByRole('region', { name: 'People' }).getByRole('listitem');
      await waitFor(async () => (await people.allTextContents()).join('|') === 'Bob (owner)|Ana (you)|Cleo');
      await screenshot(cleo, 'room-2-three-in-a-room');

      // Ana shares her screen: the others get a tile for it and decode it.
      await ana.getByRole('button', { name: 'Share screen' }).click();
      await ana.getByRole('button', { name: 'Stop sharing' }).waitFor();
      for (const page of [bob, cleo]) {
        await participants(page).getByRole('figure', { name: "Ana's screen" }).waitFor({ timeout: 20_000 });
        await receivesVideo(page, ['Ana'], 'screen');
      }
      await screenshot(bob, 'room-3-ana-shares-her-screen');

      // Chat over the mesh's data channels.
      await cleo.getByLabel('Message', { exact: true }).fill('Hello from Cleo');
      await cleo.getByRole('button', { name: 'Send' }).click();
      for (const page of [bob, ana])
        await page.getByRole('log', { name: 'Chat history' }).getByText('Cleo: Hello from Cleo').waitFor();

      // A fourth person: the room is full, and Dan is not let in.
      const { page: dan } = await openPerson(web.browser, link);
      await joins(dan, link, 'Dan');
      await waitForStatus(dan, /This room is full/);
      assert.equal(await participants(dan).count(), 0, 'Dan is not in the room');
      await dan.getByRole('button', { name: 'Join', exact: true }).waitFor();
      await screenshot(dan, 'room-4-full');

      // Cleo leaves: the others' grids shrink.
      await cleo.getByRole('button', { name: 'Leave' }).click();
      await waitForStatus(cleo, /You left the room/);
      await waitForStatus(ana, /Cleo left/);
      // Ana: her camera, her screen, Bob; Bob: his camera, Ana, Ana's screen (four tiles each before).
      await waitFor(async () => (await tiles(ana).count()) === 3, 10_000);
      await waitFor(async () => (await tiles(bob).count()) === 3, 10_000);
      assert.equal(await participants(bob).getByRole('figure', { name: 'Cleo', exact: true }).count(), 0);
      await ana.getByRole('button', { name: 'Stop sharing' }).click();
      await waitFor(async () => (await tiles(bob).count()) === 2, 10_000);
      await waitFor(async () => (await tiles(ana).count()) === 2, 10_000);

      // Ana reloads: back in the room without pressing Join, and Bob's video comes back.
      await ana.reload();
      await waitForStatus(ana, /You are in the room with Bob/);
      assert.equal(await ana.getByRole('button', { name: 'Join', exact: true }).count(), 0);
      await receivesVideo(ana, ['Bob']);
      await receivesVideo(bob, ['Ana']);
      await screenshot(ana, 'room-5-ana-reloaded');

      await closeAll(app, ana, cleo, dan);
    });

    void it('the room page: strict headers, a 404 for an unknown room, a generic title without the key, a room deleted under it', async () => {
      const owner = new LoopClient(web.server.url);
      await owner.register();
      const { key, encoded } = await newRoomKey();
      const created = await owner.request<{ roomToken: string; roomUrl: string }>('POST', '/rooms', {
        body: { context: await encryptRoomName(key, 'Choir'), roomOwner: 'Zoé', maxSize: 5 },
      });
      assert.equal(created.status, 201, created.text);
      const { roomToken, roomUrl } = created.body;
      assert.equal(roomUrl, `${web.server.url}/r/${roomToken}`);

      const response = await fetch(roomUrl);
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      const html = await response.text();
      assert.doesNotMatch(html, /<script>|<style>| style=/, 'no inline script or style');
      assert.match(html, /A room of Zoé\./);
      assert.doesNotMatch(html, /Choir/, 'the server has no name to render');
      for (const path of ['/r/AAAAAAAAAAA', '/r/not-a-token']) {
        const unknown = await fetch(`${web.server.url}${path}`);
        assert.equal(unknown.status, 404, path);
        assert.match(await unknown.text(), /This room is not available/);
      }

      // With the key: the name; without it: a generic title, and the room works the same.
      const { page: keyed, errors } = await openPerson(web.browser, `${roomUrl}#${encoded}`);
      await keyed.getByRole('heading', { name: 'Choir', level: 1 }).waitFor();
      assert.equal(await keyed.title(), 'Choir · Loop');
      const { page: plain } = await openPerson(web.browser, roomUrl);
      await plain.getByRole('button', { name: 'Join', exact: true }).waitFor();
      assert.equal(await plain.getByRole('heading', { level: 1 }).textContent(), 'A Loop room');
      await joins(plain, roomUrl, 'Yan');
      await waitForStatus(plain, /You are in the room\. Nobody else is here yet/);

      // The owner deletes the room: the page open on it says so when Xavier tries to join.
      assert.equal((await owner.request('DELETE', `/rooms/${roomToken}`)).status, 204);
      await keyed.getByLabel('Your name').fill('Xavier');
      await keyed.getByRole('button', { name: 'Join', exact: true }).click();
      await waitForStatus(keyed, /no longer exists: it has expired or was deleted/);
      assert.equal(await keyed.getByRole('button', { name: 'Join', exact: true }).count(), 0);
      await screenshot(keyed, 'room-6-deleted');
      const reopened = await fetch(roomUrl);
      assert.equal(reopened.status, 404);
      assert.deepEqual(
        errors.filter((e) => /Content Security Policy|Refused/.test(e)),
        [],
      );
      await closeAll(keyed, plain);
    });
  });
