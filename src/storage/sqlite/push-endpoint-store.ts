import type { Database } from 'better-sqlite3';
import type { GroupCommit } from './group-commit.ts';
import type { Clock } from '../../clock.ts';
import { PUSH_TOPICS, type PushTargets, type PushTopic, type WebPushSubscription } from '../../push/push-targets.ts';
import { type PushEndpointStore } from '../store.ts';

interface SubscriptionRow {
  endpoint: string;
  p256dh: string;
  auth: string;
  topics: string;
}

const TABLES = ['push_urls', 'webpush_subscriptions'] as const;

/**
 * SimplePush URLs: one row per (user, device, topic), so a device's URLs behave like the fields of one hash.
 * Web Push: one row per (user, device). Both tables carry the device's expiry, kept equal by every write.
 */
export class SqlitePushEndpointStore implements PushEndpointStore {
  private readonly setDeviceUrls;
  private readonly setDeviceSubscription;
  private readonly selectLiveUrls;
  private readonly selectLiveSubscriptions;
  private readonly extendLiveDevice;
  private readonly deleteDevice;
  private readonly deleteUrlOfUser;
  private readonly deleteUser;
  private readonly moveUser;
  private readonly deleteExpiredRows;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly turn: GroupCommit,
  ) {
    /** The same statement on both tables, in one transaction (a savepoint when nested in another). */
    const both = <P extends unknown[]>(sql: (table: string) => string) => {
      const statements = TABLES.map((table) => db.prepare<P>(sql(table)));
      return { run: db.transaction((...params: P) => statements.forEach((statement) => statement.run(...params))) };
    };
    // An expired device is gone as a whole: its old endpoints must not come back with a new registration.
    const deleteExpiredOfDevice = both<[string, string, number]>(
      (t) => `DELETE FROM ${t} WHERE user = ? AND hawk_id_hmac = ? AND expires_at <= ?`,
    );
    const setDeviceExpiry = both<[number, string, string]>(
      (t) => `UPDATE ${t} SET expires_at = ? WHERE user = ? AND hawk_id_hmac = ?`,
    );
    const upsertUrl = db.prepare<{ user: string; device: string; topic: PushTopic; url: string; expiresAt: number }>(
      `INSERT INTO push_urls (user, hawk_id_hmac, topic, url, expires_at)
       VALUES (@user, @device, @topic, @url, @expiresAt)
       ON CONFLICT (user, hawk_id_hmac, topic) DO UPDATE SET url = excluded.url, expires_at = excluded.expires_at`,
    );
    const upsertSubscription = db.prepare<{ user: string; device: string; expiresAt: number } & SubscriptionRow>(
      `INSERT INTO webpush_subscriptions (user, hawk_id_hmac, endpoint, p256dh, auth, topics, expires_at)
       VALUES (@user, @device, @endpoint, @p256dh, @auth, @topics, @expiresAt)
       ON CONFLICT (user, hawk_id_hmac) DO UPDATE SET endpoint = excluded.endpoint, p256dh = excluded.p256dh,
         auth = excluded.auth, topics = excluded.topics, expires_at = excluded.expires_at`,
    );
    this.setDeviceUrls = db.transaction(
      (user: string, device: string, urls: Partial<Record<PushTopic, string>>, expiresAt: number, now: number) => {
        deleteExpiredOfDevice.run(user, device, now);
        for (const topic of PUSH_TOPICS) {
          const url = urls[topic];
          if (url !== undefined) upsertUrl.run({ user, device, topic, url, expiresAt });
        }
        setDeviceExpiry.run(expiresAt, user, device);
      },
    );
    this.setDeviceSubscription = db.transaction(
      (user: string, device: string, subscription: WebPushSubscription, expiresAt: number, now: number) => {
        deleteExpiredOfDevice.run(user, device, now);
        const { endpoint, p256dh, auth, topics } = subscription;
        upsertSubscription.run({ user, device, endpoint, p256dh, auth, topics: topics.join(','), expiresAt });
        setDeviceExpiry.run(expiresAt, user, device);
      },
    );
    this.selectLiveUrls = db
      .prepare<[string, PushTopic, number], string>(
        'SELECT DISTINCT url FROM push_urls WHERE user = ? AND topic = ? AND expires_at > ? ORDER BY url',
      )
      .pluck();
    this.selectLiveSubscriptions = db.prepare<[string, number], SubscriptionRow>(
      'SELECT endpoint, p256dh, auth, topics FROM webpush_subscriptions WHERE user = ? AND expires_at > ? ORDER BY endpoint',
    );
    this.extendLiveDevice = both<[number, string, string, number]>(
      (t) => `UPDATE ${t} SET expires_at = ? WHERE user = ? AND hawk_id_hmac = ? AND expires_at > ?`,
    );
    this.deleteDevice = both<[string, string]>((t) => `DELETE FROM ${t} WHERE user = ? AND hawk_id_hmac = ?`);
    const deleteUrl = db.prepare<[string, string]>('DELETE FROM push_urls WHERE user = ? AND url = ?');
    const deleteSubscription = db.prepare<[string, string]>(
      'DELETE FROM webpush_subscriptions WHERE user = ? AND endpoint = ?',
    );
    this.deleteUrlOfUser = db.transaction((user: string, url: string) => {
      deleteUrl.run(user, url);
      deleteSubscription.run(user, url);
    });
    this.deleteUser = both<[string]>((t) => `DELETE FROM ${t} WHERE user = ?`);
    this.deleteExpiredRows = both<[number]>((t) => `DELETE FROM ${t} WHERE expires_at <= ?`);
    // A device is one session, so its rows cannot collide with the target owner's other devices; OR REPLACE
    // only guards against a retried move.
    this.moveUser = both<[{ from: string; to: string }]>(
      (t) => `UPDATE OR REPLACE ${t} SET user = @to WHERE user = @from`,
    );
  }

  async setForDevice(
    user: string,
    hawkIdHmac: string,
    urls: Partial<Record<PushTopic, string>>,
    expiresAt: number,
  ): Promise<void> {
    const given = { ...urls };
    await this.turn.write(() => this.setDeviceUrls(user, hawkIdHmac, given, expiresAt, this.clock.now()));
  }

  async listForUser(user: string, topic: PushTopic): Promise<string[]> {
    return this.turn.read(() => this.selectLiveUrls.all(user, topic, this.clock.now()));
  }

  async setWebPushForDevice(
    user: string,
    hawkIdHmac: string,
    subscription: WebPushSubscription,
    expiresAt: number,
  ): Promise<void> {
    const given = { ...subscription, topics: [...subscription.topics] };
    await this.turn.write(() => this.setDeviceSubscription(user, hawkIdHmac, given, expiresAt, this.clock.now()));
  }

  async listWebPushForUser(user: string, topic: PushTopic): Promise<WebPushSubscription[]> {
    return this.turn.read(() => this.liveSubscriptions(user, topic));
  }

  async listTargetsForUser(user: string, topic: PushTopic): Promise<PushTargets> {
    return this.turn.read(() => ({
      simplePushUrls: this.selectLiveUrls.all(user, topic, this.clock.now()),
      webPushSubscriptions: this.liveSubscriptions(user, topic),
    }));
  }

  private liveSubscriptions(user: string, topic: PushTopic): WebPushSubscription[] {
    const byEndpoint = new Map<string, WebPushSubscription>();
    for (const row of this.selectLiveSubscriptions.all(user, this.clock.now())) {
      const topics = row.topics.split(',') as PushTopic[];
      if (topics.includes(topic) && !byEndpoint.has(row.endpoint)) {
        byEndpoint.set(row.endpoint, { endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth, topics });
      }
    }
    return [...byEndpoint.values()];
  }

  async touchDevice(user: string, hawkIdHmac: string, expiresAt: number): Promise<void> {
    await this.turn.write(() => this.extendLiveDevice.run(expiresAt, user, hawkIdHmac, this.clock.now()));
  }

  async deleteForDevice(user: string, hawkIdHmac: string): Promise<void> {
    await this.turn.write(() => this.deleteDevice.run(user, hawkIdHmac));
  }

  async deleteUrl(user: string, url: string): Promise<void> {
    await this.turn.write(() => this.deleteUrlOfUser(user, url));
  }

  async deleteForUser(user: string): Promise<void> {
    await this.turn.write(() => this.deleteUser.run(user));
  }

  async reassignUser(from: string, to: string): Promise<void> {
    await this.turn.write(() => this.moveUser.run({ from, to }));
  }

  deleteExpired(now: number): void {
    this.deleteExpiredRows.run(now);
  }
}
