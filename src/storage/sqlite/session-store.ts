import type { Database } from 'better-sqlite3';
import type { GroupCommit } from './group-commit.ts';
import type { Clock } from '../../clock.ts';
import type { SessionRecord } from '../../auth/session-record.ts';
import type { SessionStore, SessionWithNonce } from '../store.ts';
import type { SessionNonces } from './session-nonces.ts';

interface SessionRow {
  hawk_id_hmac: string;
  auth_key: string;
  user_mac: string | null;
  encrypted_identity: string | null;
  created_at: number;
  expires_at: number;
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    hawkIdHmac: row.hawk_id_hmac,
    authKey: row.auth_key,
    userMac: row.user_mac,
    encryptedIdentity: row.encrypted_identity,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export class SqliteSessionStore implements SessionStore {
  // Create replaces: a leftover expired row with the same key must not block a new session.
  private readonly insert;
  private readonly selectLive;
  private readonly extendLive;
  private readonly setUser;
  private readonly deleteOne;
  private readonly deleteOwned;
  private readonly deleteExpiredRows;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly turn: GroupCommit,
    private readonly nonces: SessionNonces,
    /** See SessionStore; set by the store once it knows whether the last close handed the nonces over. */
    readonly noncesKnownSince: number,
  ) {
    this.insert = db.prepare<[SessionRow]>(
      `INSERT OR REPLACE INTO sessions (hawk_id_hmac, auth_key, user_mac, encrypted_identity, created_at, expires_at)
       VALUES (@hawk_id_hmac, @auth_key, @user_mac, @encrypted_identity, @created_at, @expires_at)`,
    );
    this.selectLive = db.prepare<[string, number], SessionRow>(
      'SELECT * FROM sessions WHERE hawk_id_hmac = ? AND expires_at > ?',
    );
    // Touching an expired session must not bring it back to life.
    this.extendLive = db.prepare<[number, string, number]>(
      'UPDATE sessions SET expires_at = ? WHERE hawk_id_hmac = ? AND expires_at > ?',
    );
    this.setUser = db.prepare<{ hawkIdHmac: string; userMac: string; encryptedIdentity: string; now: number }>(
      `UPDATE sessions SET user_mac = @userMac, encrypted_identity = @encryptedIdentity
       WHERE hawk_id_hmac = @hawkIdHmac AND expires_at > @now`,
    );
    // OAuth states go with their session through the ON DELETE CASCADE of oauth_states.
    this.deleteOne = db.prepare<[string]>('DELETE FROM sessions WHERE hawk_id_hmac = ?');
    // The owner key is the userMac, or the session's own hawkIdHmac when it is anonymous.
    this.deleteOwned = db.prepare<{ user: string }>(
      'DELETE FROM sessions WHERE user_mac = @user OR (user_mac IS NULL AND hawk_id_hmac = @user)',
    );
    this.deleteExpiredRows = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');
  }

  async create(session: SessionRecord): Promise<void> {
    const row: SessionRow = {
      hawk_id_hmac: session.hawkIdHmac,
      auth_key: session.authKey,
      user_mac: session.userMac,
      encrypted_identity: session.encryptedIdentity,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    };
    await this.turn.write(() => this.insert.run(row));
  }

  async get(hawkIdHmac: string): Promise<SessionRecord | null> {
    return this.turn.read(() => {
      const row = this.selectLive.get(hawkIdHmac, this.clock.now());
      return row ? toRecord(row) : null;
    });
  }

  async getAndRememberNonce(hawkIdHmac: string, nonce: string, expiresAt: number): Promise<SessionWithNonce | null> {
    // The nonce is remembered in memory, in the same turn as the read: no write, and one process owns the file.
    return this.turn.read(() => {
      const now = this.clock.now();
      const row = this.selectLive.get(hawkIdHmac, now);
      if (!row) return null;
      return { session: toRecord(row), fresh: this.nonces.remember(hawkIdHmac, nonce, expiresAt, now) };
    });
  }

  async forgetNonce(hawkIdHmac: string, nonce: string): Promise<void> {
    this.nonces.forget(hawkIdHmac, nonce);
  }

  async touch(hawkIdHmac: string, expiresAt: number): Promise<void> {
    await this.turn.write(() => this.extendLive.run(expiresAt, hawkIdHmac, this.clock.now()));
  }

  async signIn(hawkIdHmac: string, userMac: string, encryptedIdentity: string): Promise<boolean> {
    return this.turn.write(
      () => this.setUser.run({ hawkIdHmac, userMac, encryptedIdentity, now: this.clock.now() }).changes > 0,
    );
  }

  async delete(hawkIdHmac: string): Promise<void> {
    await this.turn.write(() => this.deleteOne.run(hawkIdHmac));
  }

  async deleteForUser(user: string): Promise<void> {
    await this.turn.write(() => this.deleteOwned.run({ user }));
  }

  /** Synchronous so the store's sweep can run every table in one transaction. */
  deleteExpired(now: number): void {
    this.deleteExpiredRows.run(now);
  }
}
