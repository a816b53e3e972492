import type { Database } from 'better-sqlite3';
import type { GroupCommit } from './group-commit.ts';
import type { Clock } from '../../clock.ts';
import type { OAuthStateRecord } from '../../identity/oauth-state-record.ts';
import type { OAuthStateStore } from '../store.ts';

interface OAuthStateRow {
  hawk_id_hmac: string;
  state: string;
  code_verifier: string;
  encrypted_access_token: string | null;
  expires_at: number;
}

/** One row per session; the foreign key's ON DELETE CASCADE removes it with its session. */
export class SqliteOAuthStateStore implements OAuthStateStore {
  private readonly upsertIfSessionLive;
  private readonly selectLive;
  private readonly deleteExpiredRows;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly turn: GroupCommit,
  ) {
    this.upsertIfSessionLive = db.prepare<[OAuthStateRow & { now: number }]>(
      `INSERT OR REPLACE INTO oauth_states (hawk_id_hmac, state, code_verifier, encrypted_access_token, expires_at)
       SELECT @hawk_id_hmac, @state, @code_verifier, @encrypted_access_token, @expires_at
       WHERE EXISTS (SELECT 1 FROM sessions WHERE hawk_id_hmac = @hawk_id_hmac AND expires_at > @now)`,
    );
    this.selectLive = db.prepare<[string, number], OAuthStateRow>(
      'SELECT * FROM oauth_states WHERE hawk_id_hmac = ? AND expires_at > ?',
    );
    this.deleteExpiredRows = db.prepare<[number]>('DELETE FROM oauth_states WHERE expires_at <= ?');
  }

  async put(record: OAuthStateRecord): Promise<void> {
    const row = {
      hawk_id_hmac: record.hawkIdHmac,
      state: record.state,
      code_verifier: record.codeVerifier,
      encrypted_access_token: record.encryptedAccessToken,
      expires_at: record.expiresAt,
    };
    await this.turn.write(() => this.upsertIfSessionLive.run(Object.assign({}, row, { now: this.clock.now() })));
  }

  async get(hawkIdHmac: string): Promise<OAuthStateRecord | null> {
    const row = await this.turn.read(() => this.selectLive.get(hawkIdHmac, this.clock.now()));
    if (!row) return null;
    return {
      hawkIdHmac: row.hawk_id_hmac,
      state: row.state,
      codeVerifier: row.code_verifier,
      encryptedAccessToken: row.encrypted_access_token,
      expiresAt: row.expires_at,
    };
  }

  deleteExpired(now: number): void {
    this.deleteExpiredRows.run(now);
  }
}
