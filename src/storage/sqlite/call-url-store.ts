import type { Database } from 'better-sqlite3';
import type { GroupCommit } from './group-commit.ts';
import { nowSec, type Clock } from '../../clock.ts';
import type { CallUrlRecord } from '../../call-urls/call-url-record.ts';
import type { CallUrlStore } from '../store.ts';

interface CallUrlRow {
  token: string;
  user: string;
  caller_id: string;
  issuer: string;
  subject: string | null;
  timestamp_sec: number;
  expires_sec: number;
}

function toRow(record: CallUrlRecord): CallUrlRow {
  return {
    token: record.token,
    user: record.user,
    caller_id: record.callerId,
    issuer: record.issuer,
    subject: record.subject,
    timestamp_sec: record.timestampSec,
    expires_sec: record.expiresSec,
  };
}

function toRecord(row: CallUrlRow): CallUrlRecord {
  return {
    token: row.token,
    user: row.user,
    callerId: row.caller_id,
    issuer: row.issuer,
    subject: row.subject,
    timestampSec: row.timestamp_sec,
    expiresSec: row.expires_sec,
  };
}

/** Call links expire in whole seconds: a link is live while `expiresSec` is after the clock's second. */
export class SqliteCallUrlStore implements CallUrlStore {
  private readonly insert;
  private readonly selectLive;
  private readonly selectLiveOfUser;
  private readonly countLiveOfUser;
  private readonly replaceLive;
  private readonly deleteOne;
  private readonly deleteUser;
  private readonly moveUser;
  private readonly deleteExpiredRows;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly turn: GroupCommit,
  ) {
    this.insert = db.prepare<[CallUrlRow]>(
      `INSERT OR REPLACE INTO call_urls (token, user, caller_id, issuer, subject, timestamp_sec, expires_sec)
       VALUES (@token, @user, @caller_id, @issuer, @subject, @timestamp_sec, @expires_sec)`,
    );
    this.selectLive = db.prepare<[string, number], CallUrlRow>(
      'SELECT * FROM call_urls WHERE token = ? AND expires_sec > ?',
    );
    // rowid breaks ties between links created in the same second, keeping creation order.
    this.selectLiveOfUser = db.prepare<[string, number], CallUrlRow>(
      'SELECT * FROM call_urls WHERE user = ? AND expires_sec > ? ORDER BY timestamp_sec, rowid',
    );
    this.countLiveOfUser = db
      .prepare<[string, number], number>('SELECT count(*) FROM call_urls WHERE user = ? AND expires_sec > ?')
      .pluck();
    this.replaceLive = db.prepare<[CallUrlRow & { now_sec: number }]>(
      `UPDATE call_urls
       SET user = @user, caller_id = @caller_id, issuer = @issuer, subject = @subject,
           timestamp_sec = @timestamp_sec, expires_sec = @expires_sec
       WHERE token = @token AND expires_sec > @now_sec`,
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM call_urls WHERE token = ?');
    this.deleteUser = db.prepare<[string]>('DELETE FROM call_urls WHERE user = ?');
    this.moveUser = db.prepare<{ from: string; to: string }>('UPDATE call_urls SET user = @to WHERE user = @from');
    this.deleteExpiredRows = db.prepare<[number]>('DELETE FROM call_urls WHERE expires_sec <= ?');
  }

  async create(record: CallUrlRecord): Promise<void> {
    const row = toRow(record);
    await this.turn.write(() => this.insert.run(row));
  }

  async get(token: string): Promise<CallUrlRecord | null> {
    return this.turn.read(() => {
      const row = this.selectLive.get(token, nowSec(this.clock));
      return row ? toRecord(row) : null;
    });
  }

  async listForUser(user: string): Promise<CallUrlRecord[]> {
    return this.turn.read(() => this.selectLiveOfUser.all(user, nowSec(this.clock)).map(toRecord));
  }

  async countForUser(user: string): Promise<number> {
    return this.turn.read(() => this.countLiveOfUser.get(user, nowSec(this.clock)) ?? 0);
  }

  async update(record: CallUrlRecord): Promise<boolean> {
    const row = toRow(record);
    return this.turn.write(
      () => this.replaceLive.run(Object.assign({}, row, { now_sec: nowSec(this.clock) })).changes > 0,
    );
  }

  async delete(token: string): Promise<void> {
    await this.turn.write(() => this.deleteOne.run(token));
  }

  async deleteForUser(user: string): Promise<void> {
    await this.turn.write(() => this.deleteUser.run(user));
  }

  async reassignUser(from: string, to: string): Promise<void> {
    await this.turn.write(() => this.moveUser.run({ from, to }));
  }

  /** `now` in milliseconds, like every other table's sweep. */
  deleteExpired(now: number): void {
    this.deleteExpiredRows.run(Math.floor(now / 1000));
  }
}
