import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock.ts';
import type { CallRecord, CallState, CallStore, CallType } from '../store.ts';

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
    callee_token: record.calleeToken,
    ws_caller_token: record.wsCallerToken,
    ws_callee_token: record.wsCalleeToken,
    call_token: record.callToken,
    url_creation_date_sec: record.urlCreationDateSec,
    state: record.state,
    reason: record.reason,
    expires_at: record.expiresAt,
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
    calleeToken: row.callee_token,
    wsCallerToken: row.ws_caller_token,
    wsCalleeToken: row.ws_callee_token,
    callToken: row.call_token,
    urlCreationDateSec: row.url_creation_date_sec,
    state: row.state as CallState,
    reason: row.reason,
    expiresAt: row.expires_at,
  };
}

export class SqliteCallStore implements CallStore {
  private readonly insert;
  private readonly selectLive;
  private readonly selectListedForUser;
  private readonly deleteUser;
  private readonly deleteExpiredRows;

  constructor(db: Database, private readonly clock: Clock) {
    // The user column is the index, so storing the row is already the atomic "store and index".
    this.insert = db.prepare<[CallRow]>(
      `INSERT OR REPLACE INTO calls (
         call_id, user, call_type, subject, timestamp_sec, caller_id, callee_friendly_name, provider, api_key,
         session_id, callee_token, ws_caller_token, ws_callee_token, call_token, url_creation_date_sec, state,
         reason, expires_at
       ) VALUES (
         @call_id, @user, @call_type, @subject, @timestamp_sec, @caller_id, @callee_friendly_name, @provider, @api_key,
         @session_id, @callee_token, @ws_caller_token, @ws_callee_token, @call_token, @url_creation_date_sec, @state,
         @reason, @expires_at
       )`,
    );
    this.selectLive = db.prepare<[string, number], CallRow>('SELECT * FROM calls WHERE call_id = ? AND expires_at > ?');
    this.selectListedForUser = db.prepare<{ user: string; sinceSec: number; now: number }, CallRow>(
      `SELECT * FROM calls
       WHERE user = @user AND timestamp_sec >= @sinceSec AND state <> 'terminated' AND expires_at > @now
       ORDER BY timestamp_sec, rowid`,
    );
    this.deleteUser = db.prepare<[string]>('DELETE FROM calls WHERE user = ?');
    this.deleteExpiredRows = db.prepare<[number]>('DELETE FROM calls WHERE expires_at <= ?');
  }

  async create(record: CallRecord): Promise<void> {
    this.insert.run(toRow(record));
  }

  async get(callId: string): Promise<CallRecord | null> {
    const row = this.selectLive.get(callId, this.clock.now());
    return row ? toRecord(row) : null;
  }

  async listForUser(user: string, sinceSec: number): Promise<CallRecord[]> {
    return this.selectListedForUser.all({ user, sinceSec, now: this.clock.now() }).map(toRecord);
  }

  async deleteForUser(user: string): Promise<void> {
    this.deleteUser.run(user);
  }

  deleteExpired(now: number): void {
    this.deleteExpiredRows.run(now);
  }
}
