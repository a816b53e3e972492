import { PUSH_TOPICS, type PushTargets, type PushTopic, type WebPushSubscription } from '../../push/push-targets.ts';
import { type PushEndpointStore } from '../store.ts';
import { keys } from './keys.ts';
import type { RedisContext } from './records.ts';
import {
  pushDeleteDevice,
  pushDeleteUrl,
  pushSetDevice,
  pushTouchDevice,
  runScript,
  type LuaScript,
} from './scripts.ts';

/** Stored positionally; `pushDeleteUrl` reads the endpoint at index 1 (Lua). */
type StoredSubscription = [endpoint: string, p256dh: string, auth: string, topics: PushTopic[]];

type LiveField = { kind: string; device: string; value: string };

function urlsFor(fields: readonly LiveField[], topic: PushTopic): string[] {
  return [...new Set(fields.filter((field) => field.kind === topic).map((field) => field.value))].sort();
}

function subscriptionsFor(fields: readonly LiveField[], topic: PushTopic): WebPushSubscription[] {
  const byEndpoint = new Map<string, WebPushSubscription>();
  for (const field of fields) {
    if (field.kind !== 'w') continue;
    const [endpoint, p256dh, auth, topics] = JSON.parse(field.value) as StoredSubscription;
    if (topics.includes(topic) && !byEndpoint.has(endpoint))
      byEndpoint.set(endpoint, { endpoint, p256dh, auth, topics });
  }
  return [...byEndpoint.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
}

/**
 * All push endpoints of a user in one hash: `e|<device>` → expiresAt, `<topic>|<device>` → SimplePush URL,
 * `w|<device>` → Web Push subscription. One key per user keeps it compact, every change is one script on one
 * slot, and each script also drops devices the clock says are dead and sets the key's TTL to the
 * longest-lived device.
 */
export class RedisPushEndpointStore implements PushEndpointStore {
  constructor(private readonly ctx: RedisContext) {}

  private async run(script: LuaScript, user: string, args: (string | number)[]): Promise<void> {
    await runScript(this.ctx.redis(), script, [keys.pushEndpoints(user)], [this.ctx.clock.now(), ...args]);
  }

  /** Field → value of every device the clock says is live, by kind (`calls`, `rooms`, `w`). */
  private async liveFields(user: string): Promise<LiveField[]> {
    const fields = await this.ctx.redis().hgetall(keys.pushEndpoints(user));
    const now = this.ctx.clock.now();
    const live = new Set(
      Object.entries(fields)
        .filter(([field, expiresAt]) => field.startsWith('e|') && Number(expiresAt) > now)
        .map(([field]) => field.slice(2)),
    );
    return Object.entries(fields).flatMap(([field, value]) => {
      const bar = field.indexOf('|');
      const [kind, device] = [field.slice(0, bar), field.slice(bar + 1)];
      return kind !== 'e' && live.has(device) ? [{ kind, device, value }] : [];
    });
  }

  async setForDevice(
    user: string,
    hawkIdHmac: string,
    urls: Partial<Record<PushTopic, string>>,
    expiresAt: number,
  ): Promise<void> {
    const pairs = PUSH_TOPICS.flatMap((topic) => (urls[topic] === undefined ? [] : [topic, urls[topic]]));
    await this.run(pushSetDevice, user, [expiresAt, hawkIdHmac, ...pairs]);
  }

  async listForUser(user: string, topic: PushTopic): Promise<string[]> {
    return urlsFor(await this.liveFields(user), topic);
  }

  async setWebPushForDevice(
    user: string,
    hawkIdHmac: string,
    subscription: WebPushSubscription,
    expiresAt: number,
  ): Promise<void> {
    const stored: StoredSubscription = [
      subscription.endpoint,
      subscription.p256dh,
      subscription.auth,
      subscription.topics,
    ];
    await this.run(pushSetDevice, user, [expiresAt, hawkIdHmac, 'w', JSON.stringify(stored)]);
  }

  async listWebPushForUser(user: string, topic: PushTopic): Promise<WebPushSubscription[]> {
    return subscriptionsFor(await this.liveFields(user), topic);
  }

  async listTargetsForUser(user: string, topic: PushTopic): Promise<PushTargets> {
    const fields = await this.liveFields(user);
    return { simplePushUrls: urlsFor(fields, topic), webPushSubscriptions: subscriptionsFor(fields, topic) };
  }

  async touchDevice(user: string, hawkIdHmac: string, expiresAt: number): Promise<void> {
    await this.run(pushTouchDevice, user, [expiresAt, hawkIdHmac]);
  }

  async deleteForDevice(user: string, hawkIdHmac: string): Promise<void> {
    await this.run(pushDeleteDevice, user, [hawkIdHmac]);
  }

  async deleteUrl(user: string, url: string): Promise<void> {
    await this.run(pushDeleteUrl, user, [url]);
  }

  async deleteForUser(user: string): Promise<void> {
    await this.ctx.redis().del(keys.pushEndpoints(user));
  }

  /**
   * Copies every live device to the new owner's hash (one script there), then drops the old hash. Not one
   * atomic step (two users are two slots), but repeatable: a move cut short is finished by running it again.
   */
  async reassignUser(from: string, to: string): Promise<void> {
    const fields = await this.ctx.redis().hgetall(keys.pushEndpoints(from));
    const now = this.ctx.clock.now();
    const devices = new Map<string, { expiresAt: number; pairs: string[] }>();
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith('e|') && Number(value) > now)
        devices.set(field.slice(2), { expiresAt: Number(value), pairs: [] });
    }
    for (const [field, value] of Object.entries(fields)) {
      const bar = field.indexOf('|');
      const device = devices.get(field.slice(bar + 1));
      if (device && field.slice(0, bar) !== 'e') device.pairs.push(field.slice(0, bar), value);
    }
    for (const [device, { expiresAt, pairs }] of devices)
      await this.run(pushSetDevice, to, [expiresAt, device, ...pairs]);
    await this.ctx.redis().del(keys.pushEndpoints(from));
  }
}
