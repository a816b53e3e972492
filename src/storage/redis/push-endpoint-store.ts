import { PUSH_TOPICS, type PushEndpointStore, type PushTopic } from '../store.ts';
import { keys } from './keys.ts';
import type { RedisContext } from './records.ts';
import { pushDeleteDevice, pushDeleteUrl, pushSetDevice, pushTouchDevice, runScript } from './scripts.ts';

/**
 * All push URLs of a user in one hash (`e|<device>` → expiresAt, `<topic>|<device>` → URL): one key per user
 * keeps it compact, and every change is one script on one slot. Each script also drops devices the clock
 * says are dead and sets the key's TTL to its longest-lived device.
 */
export class RedisPushEndpointStore implements PushEndpointStore {
  constructor(private readonly ctx: RedisContext) {}

  private async run(script: Parameters<typeof runScript>[1], user: string, args: (string | number)[]): Promise<void> {
    await runScript(this.ctx.redis(), script, [keys.pushEndpoints(user)], [this.ctx.clock.now(), ...args]);
  }

  async setForDevice(user: string, hawkIdHmac: string, urls: Partial<Record<PushTopic, string>>, expiresAt: number): Promise<void> {
    const pairs = PUSH_TOPICS.flatMap((topic) => (urls[topic] === undefined ? [] : [topic, urls[topic]]));
    await this.run(pushSetDevice, user, [expiresAt, hawkIdHmac, ...pairs]);
  }

  async listForUser(user: string, topic: PushTopic): Promise<string[]> {
    const fields = await this.ctx.redis().hgetall(keys.pushEndpoints(user));
    const now = this.ctx.clock.now();
    const urls = new Set<string>();
    for (const [field, value] of Object.entries(fields)) {
      if (!field.startsWith('e|') || Number(value) <= now) continue;
      const url = fields[`${topic}|${field.slice(2)}`];
      if (url !== undefined) urls.add(url);
    }
    return [...urls].sort();
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
}
