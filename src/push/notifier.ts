import type { PushTopic } from '../storage/store.ts';

/** What happened to one push: delivered; gone (the endpoint no longer exists: forget it); failed (keep it). */
export type PushOutcome = 'delivered' | 'gone' | 'failed';

export interface PushMessage {
  topic: PushTopic;
  /** The Loop `version`: seconds; the client lists what changed since it. */
  version: number;
  /** Why we push, for logs and metrics (`call.token`, `call.direct`, …). */
  reason: string;
}

/** One push transport (SimplePush today; Web Push later). */
export interface Notifier {
  readonly transport: string;
  notify(endpoint: string, message: PushMessage): Promise<PushOutcome>;
  close(): void;
}
