import type { Database } from 'better-sqlite3';
import type { GroupCommit } from './group-commit.ts';
import type { Clock } from '../../clock.ts';
import type { NonceStore } from '../store.ts';

export class SqliteNonceStore implements NonceStore {
  private readonly upsertUnlessLive;
  private readonly deleteExpiredRows;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly turn: GroupCommit,
  ) {
    // One statement, so it is atomic even across processes sharing the file: it inserts a new key or
    // recycles an expired one (changes = 1), and leaves a live key alone (changes = 0, a replay).
    this.upsertUnlessLive = db.prepare<{ key: string; expiresAt: number; now: number }>(
      `INSERT INTO nonces (key, expires_at) VALUES (@key, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at <= @now`,
    );
    this.deleteExpiredRows = db.prepare<[number]>('DELETE FROM nonces WHERE expires_at <= ?');
  }

  async remember(key: string, expiresAt: number): Promise<boolean> {
    return this.turn.write(() => this.upsertUnlessLive.run({ key, expiresAt, now: this.clock.now() }).changes === 1);
  }

  deleteExpired(now: number): void {
    this.deleteExpiredRows.run(now);
  }
}
