import type { Notifier, PushDelivery, PushMessage } from './notifier.ts';
import type { PushHttpClient } from './push-http.ts';

/** SimplePush (Firefox Hello's clients): `PUT version=<seconds>` as a form body; the URL is the only address. */
export class SimplePushNotifier implements Notifier<string> {
  readonly transport = 'simplepush';

  constructor(private readonly http: PushHttpClient) {}

  notify(endpoint: string, message: PushMessage): Promise<PushDelivery> {
    return this.http.deliver(
      endpoint,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `version=${message.version}`,
      },
      Date.now() + message.ttlSec * 1000,
    );
  }
}
