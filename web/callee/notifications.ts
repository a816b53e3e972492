/**
 * Telling Bob about calls when he is not looking: a system notification (Notification API, shown through
 * the service worker so that a click can focus the app) when the tab is hidden, and Web Push
 * (docs/push.md) so that a closed app is woken too: the service worker at /app/sw.js subscribes with the
 * server's VAPID key and the subscription goes to POST /registration.
 */
import { button, el } from '../shared/dom.ts';
import type { StatusRegion } from '../shared/status.ts';
import type { CalleeSession } from './session.ts';

export interface CallNotifier {
  ringing(callId: string, callerName: string): void;
  stopRinging(callId: string): void;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

export class Notifications implements CallNotifier {
  readonly element = el('section', { className: 'notifications', 'aria-label': 'Notifications' });
  private registration: ServiceWorkerRegistration | null = null;

  constructor(
    private readonly session: CalleeSession,
    private readonly status: StatusRegion,
    private readonly onOpenCall: (callId: string) => void,
  ) {}

  async start(): Promise<void> {
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; callId?: string }>) => {
        if (event.data?.type === 'open-call' && event.data.callId) this.onOpenCall(event.data.callId);
      });
      try {
        this.registration = await navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
      } catch {
        this.registration = null;
      }
    }
    if (!('Notification' in window)) return;
    if (Notification.permission === 'granted') {
      await this.subscribePush();
    } else if (Notification.permission === 'denied') {
      this.element.replaceChildren(
        el('p', {
          className: 'muted',
          text: 'Notifications are blocked for this site: you will hear about calls only while this tab is open.',
        }),
      );
    } else if (Notification.permission === 'default') {
      // Permission may only be asked for from a click.
      this.element.replaceChildren(
        el('p', { className: 'muted', text: 'Get told about calls when this tab is in the background or closed.' }),
        button('Turn on call notifications', () => void this.enable()),
      );
    }
  }

  ringing(callId: string, callerName: string): void {
    if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return;
    const options: NotificationOptions = {
      body: 'Open Loop to answer.',
      tag: callId,
      requireInteraction: true,
      data: { callId },
    };
    if (this.registration) {
      void this.registration.showNotification(`${callerName} is calling`, options).catch(() => undefined);
    } else {
      const notification = new Notification(`${callerName} is calling`, options);
      notification.addEventListener('click', () => {
        window.focus();
        this.onOpenCall(callId);
        notification.close();
      });
    }
  }

  stopRinging(callId: string): void {
    void this.registration
      ?.getNotifications({ tag: callId })
      .then((shown) => shown.forEach((n) => n.close()))
      .catch(() => undefined);
  }

  private async enable(): Promise<void> {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      this.element.replaceChildren(
        el('p', {
          className: 'muted',
          text: 'Notifications are off. You will only hear about calls while this tab is open.',
        }),
      );
      this.status.say('Notifications are off.');
      return;
    }
    this.element.replaceChildren();
    this.status.say('Call notifications are on.');
    await this.subscribePush();
  }

  /** Subscribes (or re-sends the existing subscription) so that the server can wake this browser. */
  private async subscribePush(): Promise<void> {
    const registration = this.registration;
    if (!registration || !('pushManager' in registration)) return;
    try {
      await navigator.serviceWorker.ready;
      const { data } = await this.session.anonymous.GET('/push-server-config');
      const key = keyBytes(data.vapidPublicKey);
      let subscription = await registration.pushManager.getSubscription();
      if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
        await subscription.unsubscribe();
        subscription = null;
      }
      subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      const { endpoint, keys } = subscription.toJSON();
      if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error('an incomplete push subscription');
      const webPushSubscription = {
        endpoint,
        keys: { p256dh: keys.p256dh, auth: keys.auth },
        topics: ['calls' as const],
      };
      await this.session.signed((api) => api.POST('/registration', { body: { webPushSubscription } }));
    } catch {
      // No push service (some browsers, private windows): notifications still work while the tab is open.
      this.element.replaceChildren(
        el('p', {
          className: 'muted',
          text: 'This browser cannot wake Loop when it is closed: keep this tab open to receive calls.',
        }),
      );
    }
  }
}
