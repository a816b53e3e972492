import webpush from 'web-push';
import type { WebPushSubscription } from './push-targets.ts';
import type { Notifier, PushDelivery, PushMessage } from './notifier.ts';
import type { PushHttpClient } from './push-http.ts';
import { VapidHeaderCache, type VapidIdentity } from './vapid-header-cache.ts';

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and an aes128gcm payload (RFC 8291). `web-push` builds the
 * request (JWT, encryption, headers); our own client sends it, so both transports share keep-alive
 * connections, timeouts, retries and metrics.
 */
export class WebPushNotifier implements Notifier<WebPushSubscription> {
  readonly transport = 'webpush';
  private readonly vapidHeaders: VapidHeaderCache;

  constructor(
    private readonly http: PushHttpClient,
    vapid: VapidIdentity,
  ) {
    this.vapidHeaders = new VapidHeaderCache(vapid);
  }

  notify(subscription: WebPushSubscription, message: PushMessage): Promise<PushDelivery> {
    let details: webpush.RequestDetails;
    try {
      details = webpush.generateRequestDetails(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        JSON.stringify(message.payload),
        {
          // No vapidDetails: the token is signed once per push service and reused (VapidHeaderCache), not per push.
          headers: { Authorization: this.vapidHeaders.authorizationFor(subscription.endpoint) },
          TTL: message.ttlSec,
          urgency: message.urgency,
          contentEncoding: 'aes128gcm',
          ...(message.replaceKey ? { topic: message.replaceKey } : {}),
        },
      );
    } catch {
      // Keys are checked at registration, so this is a payload or configuration fault: keep the subscription.
      return Promise.resolve({ outcome: 'failed', attempts: 0, last: 'unsendable' });
    }
    return this.http.deliver(
      subscription.endpoint,
      { method: 'POST', headers: details.headers, body: details.body },
      Date.now() + message.ttlSec * 1000,
    );
  }
}
