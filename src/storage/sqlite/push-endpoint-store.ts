import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock.ts';
import { PUSH_TOPICS, type PushEndpointStore, type PushTopic } from '../store.ts';

/** One row per (user, device, topic): a device's URLs behave like the fields of one hash. */
export class SqlitePushEndpointStore implements PushEndpointStore {
  private readonly setDeviceUrls;
  private readonly selectLiveUrls;
  private readonly extendLiveDevice;
  private readonly deleteDevice;
  private readonly deleteUrlOfUser;
  private readonly deleteUser;
  private readonly deleteExpiredRows;

  constructor(db: Database, private readonly clock: Clock) {
    const deleteExpiredOfDevice = db.prepare<[string, string, number]>(
      'DELETE FROM push_urls WHERE user = ? AND hawk_id_hmac = ? AND expires_at <= ?',
    );
    const upsertUrl = db.prepare<{ user: string; device: string; topic: PushTopic; url: string; expiresAt: number }>(
      `INSERT INTO push_urls (user, hawk_id_hmac, topic, url, expires_at)
       VALUES (@user, @device, @topic, @url, @expiresAt)
       ON CONFLICT (user, hawk_id_hmac, topic) DO UPDATE SET url = excluded.url, expires_at = excluded.expires_at`,
    );
    const setDeviceExpiry = db.prepare<[number, string, string]>(
      'UPDATE push_urls SET expires_at = ? WHERE user = ? AND hawk_id_hmac = ?',
    );
    this.setDeviceUrls = db.transaction(
      (user: string, device: string, urls: Partial<Record<PushTopic, string>>, expiresAt: number, now: number) => {
        // An expired device is gone as a whole: its old URLs must not come back with the topics not given now.
        deleteExpiredOfDevice.run(user, device, now);
        for (const topic of PUSH_TOPICS) {
          const url = urls[topic];
          if (url !== undefined) upsertUrl.run({ user, device, topic, url, expiresAt });
        }
        setDeviceExpiry.run(expiresAt, user, device);
      },
    );
    this.selectLiveUrls = db
      .prepare<[string, PushTopic, number], string>(
        'SELECT DISTINCT url FROM push_urls WHERE user = ? AND topic = ? AND expires_at > ? ORDER BY url',
      )
      .pluck();
    this.extendLiveDevice = db.prepare<[number, string, string, number]>(
      'UPDATE push_urls SET expires_at = ? WHERE user = ? AND hawk_id_hmac = ? AND expires_at > ?',
    );
    this.deleteDevice = db.prepare<[string, string]>('DELETE FROM push_urls WHERE user = ? AND hawk_id_hmac = ?');
    this.deleteUrlOfUser = db.prepare<[string, string]>('DELETE FROM push_urls WHERE user = ? AND url = ?');
    this.deleteUser = db.prepare<[string]>('DELETE FROM push_urls WHERE user = ?');
    this.deleteExpiredRows = db.prepare<[number]>('DELETE FROM push_urls WHERE expires_at <= ?');
  }

  async setForDevice(
    user: string,
    hawkIdHmac: string,
    urls: Partial<Record<PushTopic, string>>,
    expiresAt: number,
  ): Promise<void> {
    this.setDeviceUrls(user, hawkIdHmac, urls, expiresAt, this.clock.now());
  }

  async listForUser(user: string, topic: PushTopic): Promise<string[]> {
    return this.selectLiveUrls.all(user, topic, this.clock.now());
  }

  async touchDevice(user: string, hawkIdHmac: string, expiresAt: number): Promise<void> {
    this.extendLiveDevice.run(expiresAt, user, hawkIdHmac, this.clock.now());
  }

  async deleteForDevice(user: string, hawkIdHmac: string): Promise<void> {
    this.deleteDevice.run(user, hawkIdHmac);
  }

  async deleteUrl(user: string, url: string): Promise<void> {
    this.deleteUrlOfUser.run(user, url);
  }

  async deleteForUser(user: string): Promise<void> {
    this.deleteUser.run(user);
  }

  deleteExpired(now: number): void {
    this.deleteExpiredRows.run(now);
  }
}
