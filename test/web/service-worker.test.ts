/**
 * The app's service worker (/app/sw.js) as Web Push wakes it: Chromium delivers a push message to it
 * (DevTools' ServiceWorker.deliverPushMessage, what the browser does when its push service delivers) while
 * no app tab is open: an `incoming-call` payload shows "Alice is calling", tagged with the call id; the
 * `call-ended` payload for that call closes it, even when it arrives while the ring is still being shown; a
 * `room-changed` payload shows nothing.
 *
 * Notifications are read only once every push delivered so far has been handled, never while one is being
 * shown: Chromium's getNotifications() drops from its database each stored notification that the platform
 * does not report as displayed yet, unless it was stored after the read began
 * (content/browser/notifications/platform_notification_context_impl.cc). A read that lands between the
 * worker's write and the display loses that notification for good. This test used to poll every 20 ms while
 * a push was being shown, and a CI run lost "Carol is calling" that way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import type { WebPushPayload } from '../../src/push/payload.ts';
import { serverAndBrowser } from '../helpers/browser.ts';
import { eventually } from '../helpers/eventually.ts';
import { requireChromium } from '../helpers/requirements.ts';

const CALL_ID = 'c0ffee'.padEnd(32, '0');

/**
 * Prepended to the served sw.js in this test only: counts the push events whose `waitUntil` promise has
 * settled (or that asked for none), in `self.loopPushesHandled`, so that the test knows when a push is done.
 */
const COUNT_HANDLED_PUSHES = `(() => {
  self.loopPushesHandled = 0;
  const handled = () => { self.loopPushesHandled += 1; };
  const addEventListener = self.addEventListener.bind(self);
  self.addEventListener = (type, listener, options) => {
    if (type !== 'push') return addEventListener(type, listener, options);
    return addEventListener(type, (event) => {
      const waitUntil = event.waitUntil.bind(event);
      let waited = false;
      event.waitUntil = (promise) => {
        waited = true;
        waitUntil(promise);
        Promise.resolve(promise).then(handled, handled);
      };
      listener(event);
      if (!waited) handled();
    }, options);
  };
})();
`;

interface PushRig {
  /** Delivers a push message to the app's service worker, without waiting for it to be handled. */
  deliver(payload: WebPushPayload): Promise<void>;
  /** Waits until every push delivered so far has been handled, then lists the notifications shown. */
  shownOnceHandled(): Promise<Array<{ title: string; tag: string }>>;
}

/** Opens the app (which registers its worker and push), then closes it: the worker is all that is left. */
async function appClosed(context: BrowserContext, serverUrl: string): Promise<PushRig> {
  await context.route('**/app/sw.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: COUNT_HANDLED_PUSHES + (await response.text()) });
  });
  const app = await context.newPage();
  await app.goto(`${serverUrl}/app/`);
  await app.getByText('Ready to receive calls.').waitFor();
  await app.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const other = await context.newPage();
  await other.goto(`${serverUrl}/c/AAAAAAAAAAA`);
  await app.close();

  const cdp = await context.newCDPSession(other);
  const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: typeof registrations }) =>
    registrations.push(...event.registrations),
  );
  await cdp.send('ServiceWorker.enable');
  const appScope = `${serverUrl}/app/`;
  await eventually('the app worker registration', () => registrations.some((r) => r.scopeURL === appScope));
  const registrationId = registrations.find((r) => r.scopeURL === appScope)?.registrationId ?? '';

  const handled = async (): Promise<number> => {
    const [worker] = context.serviceWorkers();
    return worker ? worker.evaluate(() => (self as unknown as { loopPushesHandled: number }).loopPushesHandled) : 0;
  };
  let delivered = 0;
  return {
    async deliver(payload) {
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: serverUrl,
        registrationId,
        data: JSON.stringify(payload),
      });
      delivered += 1;
    },
    async shownOnceHandled() {
      await eventually(`the worker to handle ${delivered} pushes`, async () => (await handled()) >= delivered, 10_000);
      // Read from a page of the origin that is not the app.
      return other.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration('/app/');
        return ((await registration?.getNotifications()) ?? []).map((n) => ({ title: n.title, tag: n.tag }));
      });
    },
  };
}

if (requireChromium('web app service worker in Chromium')) {
  void describe('the service worker woken by Web Push', () => {
    const web = serverAndBrowser();

    void it('shows an incoming call when no app tab is open, and closes it when the call ends', async () => {
      const context = await web.browser.newContext({ permissions: ['notifications'] });
      const rig = await appClosed(context, web.server.url);

      await rig.deliver({
        event: 'incoming-call',
        topic: 'calls',
        version: 1,
        callId: CALL_ID,
        callerName: 'Alice',
        callType: 'audio-video',
      });
      assert.deepEqual(await rig.shownOnceHandled(), [{ title: 'Alice is calling', tag: CALL_ID }]);

      await rig.deliver({ event: 'call-ended', topic: 'calls', version: 2, callId: CALL_ID, reason: 'cancel' });
      assert.deepEqual(await rig.shownOnceHandled(), []);

      // Room news rings nothing: after it, the next call's notification is the only one shown.
      await rig.deliver({
        event: 'room-changed',
        topic: 'rooms',
        version: 3,
        roomToken: 'QzBbvGmIZWU',
        change: 'join',
      });
      assert.deepEqual(await rig.shownOnceHandled(), []);
      const nextCall = CALL_ID.replace('c0ffee', 'decade');
      await rig.deliver({ event: 'incoming-call', topic: 'calls', version: 4, callId: nextCall, callerName: 'Carol' });
      assert.deepEqual(await rig.shownOnceHandled(), [{ title: 'Carol is calling', tag: nextCall }]);
      await context.close();
    });

    void it('closes a ring whose call ended while it was still being shown', async () => {
      const context = await web.browser.newContext({ permissions: ['notifications'] });
      const rig = await appClosed(context, web.server.url);
      // Back to back, as when the caller hangs up at once: the end must not overtake the ring.
      for (let round = 0; round < 5; round += 1) {
        const callId = `${round}`.padEnd(32, 'a');
        await rig.deliver({
          event: 'incoming-call',
          topic: 'calls',
          version: 2 * round + 1,
          callId,
          callerName: 'Dan',
        });
        await rig.deliver({ event: 'call-ended', topic: 'calls', version: 2 * round + 2, callId, reason: 'cancel' });
      }
      assert.deepEqual(await rig.shownOnceHandled(), []);
      await context.close();
    });
  });
}
