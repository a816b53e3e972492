import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock.ts';
import type { GroupCommit } from './group-commit.ts';
import type { CallProgress, CallRecord, CallState, CallType } from '../../calls/call-record.ts';
import type { CallStore } from '../store.ts';

interface CallRow {
  call_id: string;
  user: string;
  call_type: string;
  subject: string | null;
  timestamp_sec: number;
  caller_id: string;
  callee_friendly_name: string;
  provider: string;
  api_key: string;
  session_id: string;
  callee_token: string;
  ws_caller_token: string;
  ws_callee_token: string;
  call_token: string | null;
  url_creation_date_sec: number | null;
  state: string;
  reason: string | null;
  expires_at: number;
  version: number;
  caller_joined: number;
  callee_joined: number;
  caller_media_up: number;
  callee_media_up: number;
  caller_devices: number;
  callee_devices: number;
  supervisory_at: number | null;
  ringing_at: number | null;
  connection_at: number | null;
  next_deadline_at: number | null;
}

type ProgressColumns = Pick<
  CallRow,
  | 'state'
  | 'reason'
  | 'caller_joined'
  | 'callee_joined'
  | 'caller_media_up'
  | 'callee_media_up'
  | 'caller_devices'
  | 'callee_devices'
  | 'supervisory_at'
  | 'ringing_at'
  | 'connection_at'
  | 'next_deadline_at'
>;

function toProgressColumns(progress: CallProgress): ProgressColumns {
  return {
    state: progress.state,
    reason: progress.reason,
    caller_joined: Number(progress.joined.caller),
    callee_joined: Number(progress.joined.callee),
    caller_media_up: Number(progress.mediaUp.caller),
    callee_media_up: Number(progress.mediaUp.callee),
    caller_devices: progress.devices.caller,
    callee_devices: progress.devices.callee,
    supervisory_at: progress.deadlines.supervisory,
    ringing_at: progress.deadlines.ringing,
    connection_at: progress.deadlines.connection,
    next_deadline_at: progress.nextDeadlineAt,
  };
}

function toRow(record: CallRecord): CallRow {
  return {
    call_id: record.callId,
    user: record.user,
    call_type: record.callType,
    subject: record.subject,
    timestamp_sec: record.timestampSec,
    caller_id: record.callerId,
    callee_friendly_name: record.calleeFriendlyName,
    provider: record.provider,
    api_key: record.apiKey,
    session_id: record.sessionId,
    // The column is NOT NULL (migration 1): a token the provider mints again is stored as ''.
    callee_token: record.calleeToken ?? '',
    // NOT NULL columns (migration 1): derived tokens (null) are stored as ''.
    ws_caller_token: record.wsCallerToken ?? '',
    ws_callee_token: record.wsCalleeToken ?? '',
    call_token: record.callToken,
    url_creation_date_sec: record.urlCreationDateSec,
    expires_at: record.expiresAt,
    version: record.version,
    ...toProgressColumns(record),
  };
}

function toRecord(row: CallRow): CallRecord {
  return {
    callId: row.call_id,
    user: row.user,
    // Only toRow writes these columns, so they hold the union members they were given.
    callType: row.call_type as CallType,
    subject: row.subject,
    timestampSec: row.timestamp_sec,
    callerId: row.caller_id,
    calleeFriendlyName: row.callee_friendly_name,
    provider: row.provider,
    apiKey: row.api_key,
    sessionId: row.session_id,
    calleeToken: row.callee_token === '' ? null : row.callee_token,
    wsCallerToken: row.ws_caller_token === '' ? null : row.ws_caller_token,
    wsCalleeToken: row.ws_callee_token === '' ? null : row.ws_callee_token,
    callToken: row.call_token,
    urlCreationDateSec: row.url_creation_date_sec,
    state: row.state as CallState,
    reason: row.reason,
    joined: { caller: row.caller_joined === 1, callee: row.callee_joined === 1 },
    mediaUp: { caller: row.caller_media_up === 1, callee: row.callee_media_up === 1 },
    devices: { caller: row.caller_devices, callee: row.callee_devices },
    deadlines: { supervisory: row.supervisory_at, ringing: row.ringing_at, connection: row.connection_at },
    nextDeadlineAt: row.next_deadline_at,
    version: row.version,
    expiresAt: row.expires_at,
  };
}

/**
 * A call row is listed for its `user`; a direct call is also listed, in `call_listings`, for every callee.
 * The call itself (its id, tokens and state) is one row, whoever sees it.
 */
export class SqliteCallStore implements CallStore {
  private readonly insert;
  private readonly insertForCallees;
  private readonly selectLive;
  private readonly selectLiveBySession;
  private readonly selectCallees;
  private readonly selectListedForUser;
  private readonly deleteUser;
  private readonly moveUser;
  private readonly deleteExpiredRows;
  private readonly compareAndSetProgress;
  private readonly selectDue;
  private readonly selectNextDeadline;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly turn: GroupCommit,
  ) {
    // The user column is the index, so storing the row is already the atomic "store and index".
    this.insert = db.prepare<[CallRow]>(
      `INSERT OR REPLACE INTO calls (
         call_id, user, call_type, subject, timestamp_sec, caller_id, callee_friendly_name, provider, api_key,
         session_id, callee_token, ws_caller_token, ws_callee_token, call_token, url_creation_date_sec, state,
         reason, expires_at, version, caller_joined, callee_joined, caller_media_up, callee_media_up, caller_devices,
         callee_devices, supervisory_at, ringing_at, connection_at, next_deadline_at
       ) VALUES (
         @call_id, @user, @call_type, @subject, @timestamp_sec, @caller_id, @callee_friendly_name, @provider, @api_key,
         @session_id, @callee_token, @ws_caller_token, @ws_callee_token, @call_token, @url_creation_date_sec, @state,
         @reason, @expires_at, @version, @caller_joined, @callee_joined, @caller_media_up, @callee_media_up, @caller_devices,
         @callee_devices, @supervisory_at, @ringing_at, @connection_at, @next_deadline_at
       )`,
    );
    const insertListing = db.prepare<{ user: string; callId: string; expiresAt: number }>(
      'INSERT OR REPLACE INTO call_listings (user, call_id, expires_at) VALUES (@user, @callId, @expiresAt)',
    );
    this.insertForCallees = db.transaction((record: CallRecord, callees: readonly string[]) => {
      this.insert.run(toRow(record));
      for (const user of callees) insertListing.run({ user, callId: record.callId, expiresAt: record.expiresAt });
    });
    this.selectLive = db.prepare<[string, number], CallRow>('SELECT * FROM calls WHERE call_id = ? AND expires_at > ?');
    // Index calls_by_session_id (migration 5). Newest first, should a provider ever reuse a session id.
    this.selectLiveBySession = db.prepare<[string, number], CallRow>(
      'SELECT * FROM calls WHERE session_id = ? AND expires_at > ? ORDER BY timestamp_sec DESC, rowid DESC LIMIT 1',
    );
    // The owner first (rank 0), then the other listings in the order they were written.
    this.selectCallees = db
      .prepare<{ callId: string; now: number }, string>(
        `SELECT user FROM (
         SELECT user, 0 AS rank, 0 AS seq FROM calls WHERE call_id = @callId AND expires_at > @now
         UNION ALL
         SELECT l.user, 1, l.rowid FROM call_listings l JOIN calls c ON c.call_id = l.call_id
         WHERE l.call_id = @callId AND c.expires_at > @now AND l.user <> c.user
       ) ORDER BY rank, seq`,
      )
      .pluck();
    this.selectListedForUser = db.prepare<{ user: string; sinceSec: number; now: number }, CallRow>(
      `SELECT * FROM calls
       WHERE (user = @user OR call_id IN (SELECT call_id FROM call_listings WHERE user = @user))
         AND timestamp_sec >= @sinceSec AND state <> 'terminated' AND expires_at > @now
       ORDER BY timestamp_sec, rowid`,
    );
    const deleteListingsOf = db.prepare<[string]>('DELETE FROM call_listings WHERE user = ?');
    // A direct call of several callees survives one callee's deletion: it is handed to a remaining callee.
    const handOver = db.prepare<[string]>(
      `UPDATE calls SET user = (SELECT l.user FROM call_listings l WHERE l.call_id = calls.call_id ORDER BY l.rowid LIMIT 1)
       WHERE user = ? AND EXISTS (SELECT 1 FROM call_listings l WHERE l.call_id = calls.call_id)`,
    );
    const deleteCallsOf = db.prepare<[string]>('DELETE FROM calls WHERE user = ?');
    this.deleteUser = db.transaction((user: string) => {
      deleteListingsOf.run(user);
      handOver.run(user);
      deleteCallsOf.run(user);
    });
    const moveCalls = db.prepare<{ from: string; to: string }>('UPDATE calls SET user = @to WHERE user = @from');
    const moveListings = db.prepare<{ from: string; to: string }>(
      'UPDATE OR REPLACE call_listings SET user = @to WHERE user = @from',
    );
    this.moveUser = db.transaction((from: string, to: string) => {
      moveCalls.run({ from, to });
      moveListings.run({ from, to });
    });
    const deleteExpiredCalls = db.prepare<[number]>('DELETE FROM calls WHERE expires_at <= ?');
    const deleteExpiredListings = db.prepare<[number]>('DELETE FROM call_listings WHERE expires_at <= ?');
    this.deleteExpiredRows = (now: number) => {
      deleteExpiredCalls.run(now);
      deleteExpiredListings.run(now);
    };
    // One statement is atomic in SQLite, also across processes sharing the file: the version check and
    // the write cannot be split by another writer.
    this.compareAndSetProgress = db.prepare<[ProgressColumns & { call_id: string; expected: number; now: number }]>(
      `UPDATE calls SET
         state = @state, reason = @reason, caller_joined = @caller_joined, callee_joined = @callee_joined,
         caller_media_up = @caller_media_up, callee_media_up = @callee_media_up, caller_devices = @caller_devices,
         callee_devices = @callee_devices, supervisory_at = @supervisory_at, ringing_at = @ringing_at,
         connection_at = @connection_at, next_deadline_at = @next_deadline_at, version = version + 1
       WHERE call_id = @call_id AND version = @expected AND expires_at > @now`,
    );
    this.selectDue = db
      .prepare<[number, number, number], string>(
        `SELECT call_id FROM calls WHERE next_deadline_at IS NOT NULL AND next_deadline_at <= ? AND expires_at > ?
       ORDER BY next_deadline_at LIMIT ?`,
      )
      .pluck();
    this.selectNextDeadline = db
      .prepare<[number], number | null>(
        'SELECT MIN(next_deadline_at) FROM calls WHERE next_deadline_at IS NOT NULL AND expires_at > ?',
      )
      .pluck();
  }

  /** Every call is found by its session here (an index on the column), so `findBySession` changes nothing. */
  async create(record: CallRecord): Promise<void> {
    const row = toRow(record);
    await this.turn.write(() => this.insert.run(row));
  }

  async createForCallees(record: CallRecord, callees: readonly string[]): Promise<void> {
    const listed = [...callees];
    await this.turn.write(() => this.insertForCallees(record, listed));
  }

  async get(callId: string): Promise<CallRecord | null> {
    return this.turn.read(() => {
      const row = this.selectLive.get(callId, this.clock.now());
      return row ? toRecord(row) : null;
    });
  }

  async findBySessionId(sessionId: string): Promise<CallRecord | null> {
    return this.turn.read(() => {
      const row = this.selectLiveBySession.get(sessionId, this.clock.now());
      return row ? toRecord(row) : null;
    });
  }

  async listCallees(callId: string): Promise<string[]> {
    return this.turn.read(() => this.selectCallees.all({ callId, now: this.clock.now() }));
  }

  async listForUser(user: string, sinceSec: number): Promise<CallRecord[]> {
    return this.turn.read(() => this.selectListedForUser.all({ user, sinceSec, now: this.clock.now() }).map(toRecord));
  }

  async updateProgress(callId: string, expectedVersion: number, progress: CallProgress): Promise<CallRecord | null> {
    const columns = toProgressColumns(progress);
    // The row is read back in the same transaction as the write: what is returned is what was written.
    return this.turn.write(() => {
      const { changes } = this.compareAndSetProgress.run(
        Object.assign({}, columns, { call_id: callId, expected: expectedVersion, now: this.clock.now() }),
      );
      const row = changes === 1 ? this.selectLive.get(callId, this.clock.now()) : undefined;
      return row ? toRecord(row) : null;
    });
  }

  async listDue(now: number, limit: number): Promise<string[]> {
    return this.turn.read(() => this.selectDue.all(now, this.clock.now(), limit));
  }

  async nextDeadline(): Promise<number | null> {
    return this.turn.read(() => this.selectNextDeadline.get(this.clock.now()) ?? null);
  }

  async deleteForUser(user: string): Promise<void> {
    await this.turn.write(() => this.deleteUser(user));
  }

  async reassignUser(from: string, to: string): Promise<void> {
    await this.turn.write(() => this.moveUser(from, to));
  }

  deleteExpired(now: number): void {
    this.deleteExpiredRows(now);
  }
}
