/**
 * Alice refuses the camera and microphone (headless Chromium without the fake prompt blocks them, as a
 * person clicking "Block" would): the page says exactly that and how to undo it, the call buttons come
 * back, and no call was made.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPerson, screenshot, serverAndBrowser, waitForStatus } from '../helpers/browser.ts';
import { bobsCalls, bobWithLink } from '../helpers/call-parties.ts';
import { requireChromium } from '../helpers/requirements.ts';

if (requireChromium('web app: camera refused, in Chromium')) {
  void describe('camera and microphone refused', () => {
    const web = serverAndBrowser({ answerPrompts: false });

    void it('says the browser blocked them and how to allow them; nothing rings', async () => {
      const { bob, callToken } = await bobWithLink(web.server.url);
      const { page } = await openPerson(web.browser, `${web.server.url}/c/${callToken}`);
      await page.getByRole('button', { name: 'Call', exact: true }).click();
      await waitForStatus(page, /blocked the camera or microphone\. Allow them for this site/);
      await page.getByRole('button', { name: 'Call', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Audio only' }).waitFor();
      assert.deepEqual(await bobsCalls(bob), []);
      await screenshot(page, 'alice-11-camera-blocked');
      await page.context().close();
    });
  });
}
