/**
 * The whole product in real headless Chromium: Bob's app makes a link, Alice's page opens it and calls,
 * Bob's app rings, he answers, and both pages decode the other's video (getStats: inbound-rtp video
 * framesDecoded > 0). Then the endings: Bob declines, Alice cancels while it rings, a hang-up in a call.
 * Screenshots of each state go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  focusedButton,
  openPerson,
  screenshot,
  serverAndBrowser,
  statusText,
  waitFor,
  waitForDecodedVideo,
  waitForStatus,
} from '../helpers/browser.ts';
import { metricValue } from '../helpers/metrics.ts';
import { requireChromium } from '../helpers/requirements.ts';
import { aliceCalls, bobMakesLink, closeAll } from '../helpers/web-parties.ts';

if (requireChromium('web app calls in Chromium')) {
  void describe('a call between two browsers', () => {
    const web = serverAndBrowser();

    void it("Bob makes a link, Alice calls, Bob answers: both decode the other's video, then Alice hangs up", async () => {
      const { bob, link } = await bobMakesLink(web.browser, web.server.url);
      assert.match(link, new RegExp(`^${web.server.url}/c/[A-Za-z0-9_-]{11}$`));
      assert.match((await bob.locator('.link').first().textContent()) ?? '', /For Alice[\s\S]*Valid until/);
      await bob.getByRole('button', { name: 'Copy the link for Alice' }).click();
      await bob.getByRole('button', { name: 'Copied!' }).waitFor();
      assert.equal(await bob.evaluate(() => navigator.clipboard.readText()), link);
      await bob.getByRole('button', { name: 'QR code' }).click();
      await bob.getByRole('img', { name: 'QR code of the link for Alice' }).waitFor();
      await screenshot(bob, 'bob-1-link-made');
      // The service worker that Web Push wakes is installed for the app's scope.
      assert.equal(
        await bob.evaluate(async () => (await navigator.serviceWorker.getRegistration('/app/'))?.scope ?? null),
        `${web.server.url}/app/`,
      );

      const { alice, clickedAt } = await aliceCalls(web.browser, link);
      await bob.getByRole('heading', { name: 'Alice is calling' }).waitFor();
      // No screenshot here: the printed time is click → decoded with an immediate answer.
      const answeredAt = Date.now();
      await bob.getByRole('button', { name: 'Answer', exact: true }).click();
      const [aliceDecoded, bobDecoded] = await Promise.all([waitForDecodedVideo(alice), waitForDecodedVideo(bob)]);
      await waitForStatus(alice, /In call with Bob/);
      await waitForStatus(bob, /In call with Alice/);
      // Both sides said media-up: the server counts the call as connected.
      await waitFor(
        async () =>
          (await metricValue(web.server.deps.metrics, 'loop_calls_finished_total', { state: 'connected' })) === 1,
      );
      process.stdout.write(
        `# click to decoded video: Alice ${aliceDecoded - clickedAt} ms, Bob ${bobDecoded - clickedAt} ms ` +
          `(answer to decoded: Alice ${aliceDecoded - answeredAt} ms, Bob ${bobDecoded - answeredAt} ms)\n`,
      );
      await screenshot(alice, 'alice-3-in-call');
      await screenshot(bob, 'bob-3-in-call');

      await alice.getByRole('button', { name: 'Mute' }).click();
      assert.equal(await alice.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed'), 'true');
      await alice.getByRole('button', { name: 'Hang up' }).click();
      assert.match(await statusText(alice), /You hung up/);
      await waitForStatus(bob, /The other person hung up/);
      await alice.getByRole('button', { name: 'Try again' }).waitFor();
      await screenshot(alice, 'alice-4-hung-up');
      await screenshot(bob, 'bob-4-other-hung-up');
      await closeAll(alice, bob);
    });

    void it('an audio-only call: Alice chooses Audio only, Bob answers with audio only, both are in the call', async () => {
      const { bob, link } = await bobMakesLink(web.browser, web.server.url);
      const { alice } = await aliceCalls(web.browser, link, 'Audio only');
      await bob.getByRole('button', { name: 'Answer with audio only' }).click();
      await waitForStatus(alice, /In call with Bob/);
      await waitForStatus(bob, /In call with Alice/);
      await alice.getByText('Audio call with Bob').waitFor();
      assert.equal(await alice.getByRole('button', { name: 'Camera off' }).count(), 0);
      await screenshot(alice, 'alice-10-audio-call');
      await bob.getByRole('button', { name: 'Hang up' }).click();
      await waitForStatus(alice, /The other person hung up/);
      await closeAll(alice, bob);
    });

    void it('Bob closes his tab during the call: Alice reads that the other person hung up', async () => {
      const { bob, link } = await bobMakesLink(web.browser, web.server.url);
      const { alice } = await aliceCalls(web.browser, link);
      await bob.getByRole('button', { name: 'Answer', exact: true }).click();
      await waitForStatus(alice, /In call with Bob/);
      await bob.close({ runBeforeUnload: true });
      await waitForStatus(alice, /The other person hung up/);
      await alice.getByRole('button', { name: 'Try again' }).waitFor();
      await closeAll(alice, bob);
    });

    void it('Bob declines: Alice reads that he declined and may try again', async () => {
      const { bob, link } = await bobMakesLink(web.browser, web.server.url);
      const { alice } = await aliceCalls(web.browser, link);
      await waitForStatus(alice, /Ringing Bob/);
      await bob.getByRole('heading', { name: 'Alice is calling' }).waitFor();
      await screenshot(alice, 'alice-2-ringing');
      await screenshot(bob, 'bob-2-ringing');
      await bob.getByRole('button', { name: 'Decline' }).click();
      await waitForStatus(alice, /declined/);
      await waitForStatus(bob, /You declined the call/);
      await alice.getByRole('button', { name: 'Try again' }).waitFor();
      await screenshot(alice, 'alice-5-declined');
      await closeAll(alice, bob);
    });

    void it("Alice, with the keyboard only, calls and cancels while it rings: Bob's app stops ringing and says so", async () => {
      const { bob, link } = await bobMakesLink(web.browser, web.server.url);
      const { page: alice } = await openPerson(web.browser, link);
      await alice.getByRole('button', { name: 'Call', exact: true }).waitFor();
      assert.equal(await focusedButton(alice), 'Call');
      await alice.keyboard.press('Enter');
      await waitForStatus(alice, /Ringing Bob/);
      assert.equal(await focusedButton(alice), 'Cancel');
      await alice.keyboard.press('Enter');
      await waitForStatus(alice, /You cancelled the call/);
      await waitForStatus(bob, /hung up before you answered/);
      assert.equal(await bob.getByRole('button', { name: 'Answer', exact: true }).count(), 0);
      await screenshot(bob, 'bob-6-caller-cancelled');
      await closeAll(alice, bob);
    });
  });
}
