import type { PushTopic } from './push-targets.ts';
import type { WebPushPayload } from './payload.ts';

/** What happened to one push: delivered; gone (the endpoint no longer exists: forget it); failed (keep it). */
export type PushOutcome = 'delivered' | 'gone' | 'failed';

/** A push ready to send: what each transport needs, built once by `push-messages.ts`. */
export interface PushMessage {
  topic: PushTopic;
  /** The Loop `version`: seconds; the client lists what changed since it. */
  version: number;
  /** Why we push, for logs and metrics (`call.token`, `call.ended`, …). */
  reason: string;
  /** The Web Push payload, encrypted for each subscription. SimplePush carries only `version`. */
  payload: WebPushPayload;
  /** Seconds a push service may hold the message for an offline device; also bounds our retries. */
  ttlSec: number;
  urgency: 'high' | 'normal';
  /** Web Push `Topic` header: a later message with the same one replaces this one while it waits. */
  replaceKey?: string;
  /** False for news only a payload can tell (a call ended): a SimplePush ping would only say "look again". */
  viaSimplePush: boolean;
}

/** The fate of one push to one endpoint, after any retries. */
export interface PushDelivery {
  outcome: PushOutcome;
  /** HTTP requests made (0 when the request could not even be built). */
  attempts: number;
  /** The last answer: an HTTP status, `timeout`, `network` or `unsendable`. */
  last: string;
}

/** One push transport; `Target` is how it addresses a device (a URL, a subscription). */
export interface Notifier<Target> {
  readonly transport: 'simplepush' | 'webpush';
  notify(target: Target, message: PushMessage): Promise<PushDelivery>;
}
