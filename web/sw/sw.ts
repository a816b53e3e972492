/**
 * The callee app's service worker (served at /app/sw.js, scope /app/). Woken by Web Push (docs/push.md):
 * an `incoming-call` shows a notification tagged with the call id, a `call-ended` closes it, and a click
 * focuses the open app (or opens it) on that call. Room news (`room-changed`) shows nothing.
 */
import type { WebPushPayload } from '../../src/push/payload.ts';

declare const self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/**
 * Pushes are handled one at a time, in the order they arrived. Chromium dispatches the next push while the
 * last one is still awaiting: a `call-ended` right behind its `incoming-call` (a caller who hangs up at once)
 * looked for the ring before it was shown, closed nothing, and the ring stayed on screen for a call that no
 * longer existed. Reading notifications while another is being shown also loses it from Chromium's list.
 */
let lastPush: Promise<void> = Promise.resolve();

self.addEventListener('push', (event) => {
  let payload: WebPushPayload | null = null;
  try {
    payload = (event.data?.json() ?? null) as WebPushPayload | null;
  } catch {
    payload = null;
  }
  const handled = lastPush.then(() => handlePush(payload));
  lastPush = handled.catch(() => undefined);
  event.waitUntil(handled);
});

async function handlePush(payload: WebPushPayload | null): Promise<void> {
  if (payload?.event === 'incoming-call') {
    // An app tab that is visible rings by itself; only notify when none is.
    if ((await appWindows()).some((client) => client.visibilityState === 'visible')) return;
    await self.registration.showNotification(`${payload.callerName || 'Someone'} is calling`, {
      body: 'Open Loop to answer.',
      tag: payload.callId,
      requireInteraction: true,
      data: { callId: payload.callId },
    });
  } else if (payload?.event === 'call-ended') {
    for (const shown of await self.registration.getNotifications({ tag: payload.callId })) shown.close();
  }
  // 'room-changed' (someone joined, left, a room was edited) and 'update' show nothing: an open app already
  // heard it on its events socket, and a closed one lists the rooms afresh when it opens. Never a call ring.
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const callId = (event.notification.data as { callId?: string } | null)?.callId ?? '';
  event.waitUntil(openApp(callId));
});

/** Open tabs of the app itself (a caller's page of the same origin is not one). */
async function appWindows(): Promise<WindowClient[]> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return windows.filter((client) => new URL(client.url).pathname.startsWith('/app/'));
}

async function openApp(callId: string): Promise<void> {
  const [app] = await appWindows();
  if (app) {
    await app.focus();
    app.postMessage({ type: 'open-call', callId });
    return;
  }
  await self.clients.openWindow(`/app/${callId ? `#call=${callId}` : ''}`);
}
