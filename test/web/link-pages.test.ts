/**
 * The caller's page for links that no longer work (expired, revoked — also revoked while the page is
 * open), the headers every page is sent with (CSP, no Referer), and the page working under that CSP.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPerson, screenshot, serverAndBrowser, waitForStatus } from '../helpers/browser.ts';
import { bobWithLink } from '../helpers/call-parties.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { requireChromium } from '../helpers/requirements.ts';
import { bobMakesLink, closeAll } from '../helpers/web-parties.ts';

if (requireChromium('web app link pages in Chromium')) {
  void describe("the caller's page", () => {
    const clock = new ManualClock(Date.now());
    const web = serverAndBrowser({ server: { clock } });

    void it('says whom Alice is calling and until when, under a strict CSP and without Referer', async () => {
      const { callToken } = await bobWithLink(web.server.url);
      const response = await fetch(`${web.server.url}/c/${callToken}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
      ]) {
        assert.ok(csp.includes(directive), `${directive} in ${csp}`);
      }
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:\\d+`));
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      const html = await response.text();
      assert.match(html, /<html lang="en">/);
      assert.doesNotMatch(html, /user-scalable|maximum-scale/);
      assert.doesNotMatch(html, /<script>|<style>| style=/, 'no inline script or style');

      const app = await fetch(`${web.server.url}/app/`);
      assert.equal(app.headers.get('content-security-policy'), csp);
      assert.equal(app.headers.get('referrer-policy'), 'no-referrer');
      const worker = await fetch(`${web.server.url}/app/sw.js`);
      assert.equal(worker.status, 200);
      assert.match(worker.headers.get('content-type') ?? '', /javascript/);

      const { page, errors } = await openPerson(web.browser, `${web.server.url}/c/${callToken}`);
      await page.getByRole('heading', { name: 'Do you want to call Bob?' }).waitFor();
      await page.getByRole('button', { name: 'Call', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Audio only' }).waitFor();
      assert.match((await page.locator('#validity').textContent()) ?? '', /valid until/);
      assert.match((await page.locator('#call-ui').textContent()) ?? '', /will ask to use your camera and microphone/);
      await screenshot(page, 'alice-1-link-page');
      assert.deepEqual(
        errors.filter((e) => /Content Security Policy|Refused/.test(e)),
        [],
      );
      await page.context().close();
    });

    void it('a revoked link: the page says so and what to do; a page opened before the revoke says it on Call', async () => {
      const { bob, callToken } = await bobWithLink(web.server.url);
      const { page: early } = await openPerson(web.browser, `${web.server.url}/c/${callToken}`);
      await early.getByRole('button', { name: 'Call', exact: true }).waitFor();
      assert.equal((await bob.request('DELETE', `/call-url/${callToken}`)).status, 204);

      await early.getByRole('button', { name: 'Call', exact: true }).click();
      await waitForStatus(early, /no longer valid[\s\S]*Ask the person who sent it for a new link/);
      assert.equal(await early.getByRole('button', { name: 'Call', exact: true }).count(), 0);
      await screenshot(early, 'alice-7-revoked-while-open');

      const { page } = await openPerson(web.browser, `${web.server.url}/c/${callToken}`);
      await page.getByRole('heading', { name: 'This call link is not valid' }).waitFor();
      assert.match((await page.locator('#validity').textContent()) ?? '', /Ask the person who sent it for a new link/);
      assert.equal(await page.getByRole('button').count(), 0);
      await screenshot(page, 'alice-8-revoked-link');
      await early.context().close();
      await page.context().close();
    });

    void it("Bob revokes a link in his app: it leaves his list and Alice's page says it is not valid", async () => {
      const { bob, link } = await bobMakesLink(web.browser, web.server.url, 'Carol');
      await bob.getByRole('button', { name: 'Revoke the link for Carol' }).click();
      await waitForStatus(bob, /The link for Carol no longer works/);
      assert.equal(await bob.locator('.link').count(), 0);
      const { page } = await openPerson(web.browser, link);
      await page.getByRole('heading', { name: 'This call link is not valid' }).waitFor();
      await closeAll(bob, page);
    });

    void it('an expired link gets the same page, with a 404', async () => {
      const { bob } = await bobWithLink(web.server.url);
      const created = await bob.request<{ callToken: string }>('POST', '/call-url', {
        body: { callerId: 'Alice', issuer: 'Bob', expiresIn: 1 },
      });
      clock.advance(2 * 3600 * 1000);
      assert.equal((await fetch(`${web.server.url}/c/${created.body.callToken}`)).status, 404);
      const { page } = await openPerson(web.browser, `${web.server.url}/c/${created.body.callToken}`);
      await page.getByRole('heading', { name: 'This call link is not valid' }).waitFor();
      await screenshot(page, 'alice-9-expired-link');
      await page.context().close();
      clock.set(Date.now());
    });
  });
}
