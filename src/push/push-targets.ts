/** What a user's devices registered to be woken with: the push topics, Web Push subscriptions, and both kinds of target together. */

export type PushTopic = 'calls' | 'rooms';
export const PUSH_TOPICS: readonly PushTopic[] = ['calls', 'rooms'];

/** A browser's Web Push subscription (`PushSubscription.toJSON()`), plus the Loop topics it wants. */
export interface WebPushSubscription {
  /** The push service URL the server POSTs to (RFC 8030). */
  endpoint: string;
  /** The browser's P-256 public key, base64url (65 bytes, uncompressed point). */
  p256dh: string;
  /** The 16-byte authentication secret, base64url. */
  auth: string;
  /** Never empty. */
  topics: PushTopic[];
}

/** Every way to wake a user's devices for one topic. */
export interface PushTargets {
  simplePushUrls: string[];
  webPushSubscriptions: WebPushSubscription[];
}
