/**
 * Nobody answers: with a 1 s ringing timer the call ends as `timeout`; Alice's page says there was no
 * answer (and offers to try again), Bob's app stops ringing and says the call was missed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenshot, serverAndBrowser, waitForStatus } from '../helpers/browser.ts';
import { requireChromium } from '../helpers/requirements.ts';
import { aliceCalls, bobMakesLink, closeAll } from '../helpers/web-parties.ts';

if (requireChromium('web app: no answer, in Chromium')) {
  void describe('an unanswered call', () => {
    const web = serverAndBrowser({ server: { env: { LOOP_TIMER_RINGING: '1' } } });

    void it('no answer: both sides are told, Alice may try again', async () => {
      const { bob, link } = await bobMakesLink(web.browser, web.server.url);
      const { alice } = await aliceCalls(web.browser, link);
      await waitForStatus(alice, /Ringing Bob/);
      await waitForStatus(alice, /No answer/);
      await waitForStatus(bob, /not answered in time/);
      assert.equal(await bob.getByRole('button', { name: 'Answer', exact: true }).count(), 0);
      await alice.getByRole('button', { name: 'Try again' }).waitFor();
      await screenshot(alice, 'alice-6-no-answer');
      await closeAll(alice, bob);
    });
  });
}
