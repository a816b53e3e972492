/**
 * The app's service worker (/app/sw.js) as Web Push wakes it: Chromium delivers a push message to it
 * (DevTools' ServiceWorker.deliverPushMessage, what the browser does when its push service delivers) while
 * no app tab is open: an `incoming-call` payload shows "Alice is calling", tagged with the call id; the
 * `call-ended` payload for that call closes it; a `room-changed` payload shows nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { WebPushPayload } from '../../src/push/payload.ts';
import { serverAndBrowser, waitFor } from '../helpers/browser.ts';
import { requireChromium } from '../helpers/requirements.ts';

const CALL_ID = 'c0ffee'.padEnd(32, '0');

/** The notifications the app's service worker shows, read from any page of the origin. */
async function shownNotifications(page: Page): Promise<Array<{ title: string; tag: string }>> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration('/app/');
    return ((await registration?.getNotifications()) ?? []).map((n) => ({ title: n.title, tag: n.tag }));
  });
}

if (requireChromium('web app service worker in Chromium')) {
  void describe('the service worker woken by Web Push', () => {
    const web = serverAndBrowser();

    void it('shows an incoming call when no app tab is open, and closes it when the call ends', async () => {
      const context = await web.browser.newContext({ permissions: ['notifications'] });
      const app = await context.newPage();
      await app.goto(`${web.server.url}/app/`);
      await app.getByText('Ready to receive calls.').waitFor();
      await app.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // Another page of the same origin (not the app) to look at the notifications from; then close the app.
      const other = await context.newPage();
      await other.goto(`${web.server.url}/c/AAAAAAAAAAA`);
      await app.close();

      const cdp = await context.newCDPSession(other);
      const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
      cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: typeof registrations }) =>
        registrations.push(...event.registrations),
      );
      await cdp.send('ServiceWorker.enable');
      await waitFor(async () => registrations.some((r) => r.scopeURL === `${web.server.url}/app/`));
      const registrationId = registrations.find((r) => r.scopeURL === `${web.server.url}/app/`)?.registrationId ?? '';
      const push = (payload: WebPushPayload) =>
        cdp.send('ServiceWorker.deliverPushMessage', {
          origin: web.server.url,
          registrationId,
          data: JSON.stringify(payload),
        });

      await push({
        event: 'incoming-call',
        topic: 'calls',
        version: 1,
        callId: CALL_ID,
        callerName: 'Alice',
        callType: 'audio-video',
      });
      await waitFor(async () => (await shownNotifications(other)).length === 1);
      assert.deepEqual(await shownNotifications(other), [{ title: 'Alice is calling', tag: CALL_ID }]);

      await push({ event: 'call-ended', topic: 'calls', version: 2, callId: CALL_ID, reason: 'cancel' });
      await waitFor(async () => (await shownNotifications(other)).length === 0);

      // Room news rings nothing: after it, the next call's notification is the only one shown.
      await push({ event: 'room-changed', topic: 'rooms', version: 3, roomToken: 'QzBbvGmIZWU', change: 'join' });
      const nextCall = CALL_ID.replace('c0ffee', 'decade');
      await push({ event: 'incoming-call', topic: 'calls', version: 4, callId: nextCall, callerName: 'Carol' });
      await waitFor(async () => (await shownNotifications(other)).length > 0);
      assert.deepEqual(await shownNotifications(other), [{ title: 'Carol is calling', tag: nextCall }]);
      await context.close();
    });
  });
}
