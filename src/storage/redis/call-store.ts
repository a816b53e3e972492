import type { CallProgress, CallRecord, CallState, CallType } from '../../calls/call-record.ts';
import type { CallStore } from '../store.ts';
import { keys } from './keys.ts';
import {
  addToIndex,
  deserialize,
  readLiveRecord,
  readRecord,
  rewriteRecord,
  serialize,
  ttlMs,
  writeRecord,
  type RedisContext,
  type StoredRecord,
} from './records.ts';
import { packHex, unpackHex } from './packed-hex.ts';
import { createCall, deadlineAdd, deleteIfOwner, replaceIfUnchanged, runScript } from './scripts.ts';

/**
 * Positional, so a stored call carries no field names: the order here is the storage format. The owner, the
 * callees and the two websocket tokens are stored packed (packed-hex.ts), and the trailing fields that hold
 * their default are left out (a new call's progress is all defaults): together that brings a link call's
 * value from 512 to about 430 bytes, under the 448-byte allocation class instead of in the 640 one. Records
 * written before either change decode the same way (plain hex unpacks to itself; missing fields default).
 */
type CallData = [
  callType: CallType,
  subject: string | null,
  timestampSec: number,
  callerId: string,
  calleeFriendlyName: string,
  provider: string,
  apiKey: string,
  sessionId: string,
  calleeToken: string,
  wsCallerToken: string,
  wsCalleeToken: string,
  callToken: string | null,
  urlCreationDateSec: number | null,
  state: CallState,
  reason: string | null,
  /** Direct calls: every callee the call is listed for (the owner is the first); null for other calls. */
  callees?: string[] | null,
  // Progress (appended later: records written before it decode with the defaults below).
  version?: number,
  /** Bits: 1 caller joined, 2 callee joined, 4 caller media up, 8 callee media up. */
  flags?: number,
  callerDevices?: number,
  calleeDevices?: number,
  supervisoryAt?: number | null,
  ringingAt?: number | null,
  connectionAt?: number | null,
  nextDeadlineAt?: number | null,
];

/** How long the deadline index outlives its latest deadline. */
const DEADLINE_INDEX_GRACE_MS = 60_000;

const bit = (on: boolean, value: number) => (on ? value : 0);

/** The first optional field (`callees`): from here on, a trailing field equal to its default is not stored. */
const FIRST_OPTIONAL = 15;
/** The decoder's default of each optional field, by position. */
const DEFAULTS: readonly unknown[] = [null, 0, 0, 0, 0, null, null, null, null];

function trimDefaults(data: unknown[]): unknown[] {
  let end = data.length;
  while (end > FIRST_OPTIONAL && data[end - 1] === DEFAULTS[end - 1 - FIRST_OPTIONAL]) end--;
  return data.slice(0, end);
}

function encode(call: CallRecord, callees: readonly string[] | null = null): StoredRecord {
  const data: CallData = [
    call.callType,
    call.subject,
    call.timestampSec,
    call.callerId,
    call.calleeFriendlyName,
    call.provider,
    call.apiKey,
    call.sessionId,
    call.calleeToken,
    packHex(call.wsCallerToken),
    packHex(call.wsCalleeToken),
    call.callToken,
    call.urlCreationDateSec,
    // Only direct calls carry the callee list: other calls store null there.
    call.state,
    call.reason,
    callees ? callees.map(packHex) : null,
    call.version,
    bit(call.joined.caller, 1) | bit(call.joined.callee, 2) | bit(call.mediaUp.caller, 4) | bit(call.mediaUp.callee, 8),
    call.devices.caller,
    call.devices.callee,
    call.deadlines.supervisory,
    call.deadlines.ringing,
    call.deadlines.connection,
    call.nextDeadlineAt,
  ];
  return { owner: packHex(call.user), expiresAt: call.expiresAt, data: JSON.stringify(trimDefaults(data)) };
}

function decode(callId: string, stored: StoredRecord): CallRecord {
  const [
    callType,
    subject,
    timestampSec,
    callerId,
    calleeFriendlyName,
    provider,
    apiKey,
    sessionId,
    calleeToken,
    wsCallerToken,
    wsCalleeToken,
    callToken,
    urlCreationDateSec,
    state,
    reason,
    ,
    version = 0,
    flags = 0,
    callerDevices = 0,
    calleeDevices = 0,
    supervisoryAt = null,
    ringingAt = null,
    connectionAt = null,
    nextDeadlineAt = null,
  ] = JSON.parse(stored.data) as CallData;
  return {
    callId,
    user: unpackHex(stored.owner),
    callType,
    subject,
    timestampSec,
    callerId,
    calleeFriendlyName,
    provider,
    apiKey,
    sessionId,
    calleeToken,
    wsCallerToken: unpackHex(wsCallerToken),
    wsCalleeToken: unpackHex(wsCalleeToken),
    callToken,
    urlCreationDateSec,
    state,
    reason,
    joined: { caller: (flags & 1) !== 0, callee: (flags & 2) !== 0 },
    mediaUp: { caller: (flags & 4) !== 0, callee: (flags & 8) !== 0 },
    devices: { caller: callerDevices, callee: calleeDevices },
    deadlines: { supervisory: supervisoryAt, ringing: ringingAt, connection: connectionAt },
    nextDeadlineAt,
    version,
    expiresAt: stored.expiresAt,
  };
}

/** The callee list of a direct call; null for a call listed for its owner only. */
function storedCallees(stored: StoredRecord): string[] | null {
  return (JSON.parse(stored.data) as CallData)[15]?.map(unpackHex) ?? null;
}

function calleesOf(stored: StoredRecord): string[] {
  return storedCallees(stored) ?? [unpackHex(stored.owner)];
}

/** The stored call with its callee list changed; the owner becomes the first callee left. */
function withCallees(callId: string, stored: StoredRecord, callees: string[]): StoredRecord {
  const call = decode(callId, stored);
  return encode({ ...call, user: callees[0] ?? call.user }, callees.length > 1 ? callees : null);
}

/**
 * A call is one record, indexed under every callee (`uc:{user}`); the record says who its callees are, so a
 * reader trusts an index entry only when the record lists that user.
 */
export class RedisCallStore implements CallStore {
  constructor(private readonly ctx: RedisContext) {}

  async create(call: CallRecord): Promise<void> {
    await this.writeIndexesThenRecord(call, [call.user], encode(call));
  }

  async createForCallees(call: CallRecord, callees: readonly string[]): Promise<void> {
    await this.writeIndexesThenRecord(call, callees, encode(call, callees));
  }

  /**
   * Indexes first, record second: the record is what makes the call exist, and from then on it is listed and
   * found by its session (a crash in between leaves only index entries, which readers skip). On one node a
   * script does it all at once (one command instead of four, and atomic). On a Cluster the keys are in several
   * slots: the indexes, which do not depend on each other, are written together (one round trip per node),
   * then the record.
   */
  private async writeIndexesThenRecord(
    call: CallRecord,
    callees: readonly string[],
    record: StoredRecord,
  ): Promise<void> {
    const session: StoredRecord = { owner: call.callId, expiresAt: call.expiresAt, data: '' };
    if (this.ctx.singleNode) {
      const now = this.ctx.clock.now();
      await runScript(
        this.ctx.redis(),
        createCall,
        [
          keys.call(call.callId),
          keys.callSession(call.sessionId),
          keys.callDeadlines(),
          ...callees.map((callee) => keys.userCalls(callee)),
        ],
        [
          now,
          serialize(record),
          ttlMs(call.expiresAt, now),
          serialize(session),
          call.callId,
          call.expiresAt,
          call.nextDeadlineAt ?? '',
          DEADLINE_INDEX_GRACE_MS,
        ],
      );
      return;
    }
    const indexes = callees.map((callee) => addToIndex(this.ctx, keys.userCalls(callee), call.callId, call.expiresAt));
    // `cs:{sessionId}` → callId, with the call's expiry (so the same TTL).
    indexes.push(writeRecord(this.ctx, keys.callSession(call.sessionId), session));
    if (call.nextDeadlineAt !== null) indexes.push(this.indexDeadline(call.callId, call.nextDeadlineAt));
    await Promise.all(indexes);
    await writeRecord(this.ctx, keys.call(call.callId), record);
  }

  async get(callId: string): Promise<CallRecord | null> {
    const stored = await readLiveRecord(this.ctx, keys.call(callId));
    return stored && decode(callId, stored);
  }

  async findBySessionId(sessionId: string): Promise<CallRecord | null> {
    const entry = await readLiveRecord(this.ctx, keys.callSession(sessionId));
    if (!entry) return null;
    // The entry is written before its record: trust it only once the record exists and names this session.
    const call = await this.get(entry.owner);
    return call && call.sessionId === sessionId ? call : null;
  }

  async listCallees(callId: string): Promise<string[]> {
    const stored = await readLiveRecord(this.ctx, keys.call(callId));
    return stored ? calleesOf(stored) : [];
  }

  /** The live records the user's index points to and that still list the user. */
  private async listed(user: string): Promise<Array<{ callId: string; stored: StoredRecord }>> {
    const now = this.ctx.clock.now();
    const ids = await this.ctx.redis().zrangebyscore(keys.userCalls(user), `(${now}`, '+inf');
    const records = await Promise.all(ids.map((id) => readRecord(this.ctx, keys.call(id))));
    return ids.flatMap((callId, i) => {
      const stored = records[i];
      return stored && stored.expiresAt > now && calleesOf(stored).includes(user) ? [{ callId, stored }] : [];
    });
  }

  async listForUser(user: string, sinceSec: number): Promise<CallRecord[]> {
    return (await this.listed(user))
      .map(({ callId, stored }) => decode(callId, stored))
      .filter((call) => call.timestampSec >= sinceSec && call.state !== 'terminated')
      .sort((a, b) => a.timestampSec - b.timestampSec);
  }

  async deleteForUser(user: string): Promise<void> {
    const redis = this.ctx.redis();
    const indexKey = keys.userCalls(user);
    const deleted: string[] = [];
    for (const callId of await redis.zrange(indexKey, '0', '-1')) {
      const key = keys.call(callId);
      const stored = await readRecord(this.ctx, key);
      if (!stored) continue;
      const others = calleesOf(stored).filter((callee) => callee !== user);
      // A direct call also listed for others stays theirs; otherwise the call goes.
      if (others.length === 0) {
        // The owner as stored (packed or, written before packing, plain): it is this user (checked above).
        await runScript(redis, deleteIfOwner, [key], [stored.owner]);
        // Its session entry too, unless (impossibly) the session now belongs to another call.
        await runScript(redis, deleteIfOwner, [keys.callSession(decode(callId, stored).sessionId)], [callId]);
        deleted.push(callId);
      } else
        await rewriteRecord(this.ctx, key, (current) =>
          calleesOf(current).includes(user)
            ? withCallees(
                callId,
                current,
                calleesOf(current).filter((c) => c !== user),
              )
            : null,
        );
    }
    await redis.del(indexKey);
    if (deleted.length > 0) await redis.zrem(keys.callDeadlines(), ...deleted);
  }

  /**
   * Compare-and-set on the record's exact stored value (which carries the version). The deadline index is
   * another key (another slot), so it is written before (a crash cannot lose a deadline) and corrected after
   * the record; readers repair any entry that disagrees with its record.
   */
  async updateProgress(callId: string, expectedVersion: number, progress: CallProgress): Promise<CallRecord | null> {
    const redis = this.ctx.redis();
    const now = this.ctx.clock.now();
    const raw = await redis.get(keys.call(callId));
    const stored = raw === null ? null : deserialize(raw);
    if (raw === null || !stored || stored.expiresAt <= now) return null;
    const current = decode(callId, stored);
    if (current.version !== expectedVersion) return null;
    const next: CallRecord = { ...current, ...progress, version: expectedVersion + 1 };
    if (next.nextDeadlineAt !== null) await this.indexDeadline(callId, next.nextDeadlineAt);
    const written = await runScript(
      redis,
      replaceIfUnchanged,
      [keys.call(callId)],
      [raw, serialize(encode(next, storedCallees(stored)))],
    );
    if (written !== 1) return null;
    if (next.nextDeadlineAt === null) await redis.zrem(keys.callDeadlines(), callId);
    return next;
  }

  async listDue(now: number, limit: number): Promise<string[]> {
    // Twice the limit, since some entries may turn out stale (and are repaired on the way).
    const flat = await this.ctx
      .redis()
      .zrangebyscore(keys.callDeadlines(), '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit * 2);
    const due: Array<{ callId: string; at: number }> = [];
    for (let i = 0; i < flat.length; i += 2) {
      const callId = flat[i] as string;
      const at = await this.checkedDeadline(callId, Number(flat[i + 1]));
      if (at !== null && at <= now) due.push({ callId, at });
    }
    return due
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map((entry) => entry.callId);
  }

  async nextDeadline(): Promise<number | null> {
    const redis = this.ctx.redis();
    for (let attempt = 0; attempt < 50; attempt++) {
      const [callId, score] = await redis.zrange(keys.callDeadlines(), '0', '0', 'WITHSCORES');
      if (callId === undefined) return null;
      if ((await this.checkedDeadline(callId, Number(score))) === Number(score)) return Number(score);
    }
    // Still repairing stale entries: answer soon, so the caller asks again.
    return this.ctx.clock.now();
  }

  /** The call's real next deadline; fixes or drops its index entry when it disagrees with the record. */
  private async checkedDeadline(callId: string, indexed: number): Promise<number | null> {
    const call = await this.get(callId);
    const redis = this.ctx.redis();
    if (!call || call.nextDeadlineAt === null) {
      await redis.zrem(keys.callDeadlines(), callId);
      return null;
    }
    if (call.nextDeadlineAt !== indexed) await this.indexDeadline(callId, call.nextDeadlineAt);
    return call.nextDeadlineAt;
  }

  private async indexDeadline(callId: string, at: number): Promise<void> {
    await runScript(
      this.ctx.redis(),
      deadlineAdd,
      [keys.callDeadlines()],
      [this.ctx.clock.now(), at, callId, DEADLINE_INDEX_GRACE_MS],
    );
  }

  async reassignUser(from: string, to: string): Promise<void> {
    const redis = this.ctx.redis();
    const fromIndex = keys.userCalls(from);
    for (const callId of await redis.zrange(fromIndex, '0', '-1')) {
      const stored = await readRecord(this.ctx, keys.call(callId));
      if (!stored || !calleesOf(stored).includes(from)) continue;
      await addToIndex(this.ctx, keys.userCalls(to), callId, stored.expiresAt);
      await rewriteRecord(this.ctx, keys.call(callId), (current) => {
        const callees = calleesOf(current);
        if (!callees.includes(from)) return null;
        return withCallees(callId, current, [...new Set(callees.map((c) => (c === from ? to : c)))]);
      });
    }
    await redis.del(fromIndex);
  }
}
