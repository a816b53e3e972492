/**
 * The Hawk replay cache of the SQLite store, in memory: no write per request. Sound because one process owns
 * the database file (process-lock.ts) and so sees every request of its sessions. Across a restart the cache is
 * handed over through the `nonces` table: a clean close writes the live nonces there with a marker, the next
 * open reads them back. After a crash there is no marker; the store then reports its opening time as the
 * floor below which Hawk timestamps are refused (see docs/security.md, "Replays").
 */
import type { Database } from 'better-sqlite3';

/** Prefix of a handed-over session nonce in the `nonces` table (whose other keys are one-time tickets). */
const HANDOVER_PREFIX = 'h:';
/** Written by a clean close after the handover: the table then holds every live nonce. */
const CLEAN_MARKER = 'h:~clean';

export class SessionNonces {
  /** `<hawkIdHmac>:<ts>:<nonce>` → expiresAt ms. Insertion order is nearly expiry order (a fixed window). */
  private readonly live = new Map<string, number>();

  /** True when the nonce was new (or expired by `now`) and is now remembered; false on a live replay. */
  remember(hawkIdHmac: string, nonce: string, expiresAt: number, now: number): boolean {
    const key = `${hawkIdHmac}:${nonce}`;
    const known = this.live.get(key);
    if (known !== undefined && known > now) return false;
    if (known !== undefined) this.live.delete(key); // re-inserted at the end, keeping the order by expiry
    this.live.set(key, expiresAt);
    return true;
  }

  forget(hawkIdHmac: string, nonce: string): void {
    this.live.delete(`${hawkIdHmac}:${nonce}`);
  }

  deleteExpired(now: number): void {
    for (const [key, expiresAt] of this.live) if (expiresAt <= now) this.live.delete(key);
  }

  get size(): number {
    return this.live.size;
  }

  /**
   * At open: takes the nonces a clean close handed over. Returns whether the handover was complete (a clean
   * close, or no live session at all, so no earlier request can be valid now).
   */
  takeOver(db: Database, now: number): boolean {
    return db.transaction(() => {
      const clean =
        db.prepare('SELECT 1 FROM nonces WHERE key = ?').get(CLEAN_MARKER) !== undefined ||
        db.prepare('SELECT 1 FROM sessions WHERE expires_at > ? LIMIT 1').get(now) === undefined;
      const rows = db
        .prepare<[string, string, number], { key: string; expires_at: number }>(
          'SELECT key, expires_at FROM nonces WHERE key >= ? AND key < ? AND expires_at > ? ORDER BY expires_at',
        )
        .all(HANDOVER_PREFIX, 'h;', now);
      for (const row of rows) {
        if (row.key !== CLEAN_MARKER) this.live.set(row.key.slice(HANDOVER_PREFIX.length), row.expires_at);
      }
      db.prepare('DELETE FROM nonces WHERE key >= ? AND key < ?').run(HANDOVER_PREFIX, 'h;');
      return clean;
    })();
  }

  /** At a clean close: writes the live nonces and the marker, in one transaction. */
  handOver(db: Database, now: number): void {
    const insert = db.prepare<[string, number]>('INSERT OR REPLACE INTO nonces (key, expires_at) VALUES (?, ?)');
    db.transaction(() => {
      for (const [key, expiresAt] of this.live) if (expiresAt > now) insert.run(`${HANDOVER_PREFIX}${key}`, expiresAt);
      // Never swept: the next open reads and deletes it.
      insert.run(CLEAN_MARKER, Number.MAX_SAFE_INTEGER);
    })();
    this.live.clear();
  }
}
