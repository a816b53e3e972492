import type { CallRecord, CallState, CallStore, CallType } from '../store.ts';
import { keys } from './keys.ts';
import { addToIndex, readLiveRecord, readRecord, rewriteRecord, writeRecord, type RedisContext, type StoredRecord } from './records.ts';
import { deleteIfOwner, runScript } from './scripts.ts';

/** Positional, so a stored call carries no field names: the order here is the storage format. */
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
  /** Direct calls: every callee the call is listed for (the owner is the first); absent for other calls. */
  callees?: string[] | null,
];

function encode(call: CallRecord, callees: readonly string[] | null = null): StoredRecord {
  const data: CallData = [
    call.callType, call.subject, call.timestampSec, call.callerId, call.calleeFriendlyName, call.provider, call.apiKey,
    call.sessionId, call.calleeToken, call.wsCallerToken, call.wsCalleeToken, call.callToken, call.urlCreationDateSec,
    call.state, call.reason,
  ];
  // Only direct calls carry the list: link calls stay as small as before.
  if (callees) data[15] = [...callees];
  return { owner: call.user, expiresAt: call.expiresAt, data: JSON.stringify(data) };
}

function decode(callId: string, stored: StoredRecord): CallRecord {
  const [
    callType, subject, timestampSec, callerId, calleeFriendlyName, provider, apiKey, sessionId, calleeToken,
    wsCallerToken, wsCalleeToken, callToken, urlCreationDateSec, state, reason,
  ] = JSON.parse(stored.data) as CallData;
  return {
    callId, user: stored.owner, callType, subject, timestampSec, callerId, calleeFriendlyName, provider, apiKey, sessionId,
    calleeToken, wsCallerToken, wsCalleeToken, callToken, urlCreationDateSec, state, reason, expiresAt: stored.expiresAt,
  };
}

function calleesOf(stored: StoredRecord): string[] {
  return (JSON.parse(stored.data) as CallData)[15] ?? [stored.owner];
}

/** The stored call with its callee list changed; the owner becomes the first callee left. */
function withCallees(callId: string, stored: StoredRecord, callees: string[]): StoredRecord {
  const call = decode(callId, stored);
  return encode({ ...call, user: callees[0] ?? stored.owner }, callees.length > 1 ? callees : null);
}

/**
 * A call is one record, indexed under every callee (`uc:{user}`); the record says who its callees are, so a
 * reader trusts an index entry only when the record lists that user.
 */
export class RedisCallStore implements CallStore {
  constructor(private readonly ctx: RedisContext) {}

  async create(call: CallRecord): Promise<void> {
    // Index first, record second: the record is what makes the call exist, and from then on it is listed.
    await addToIndex(this.ctx, keys.userCalls(call.user), call.callId, call.expiresAt);
    await writeRecord(this.ctx, keys.call(call.callId), encode(call));
  }

  async createForCallees(call: CallRecord, callees: readonly string[]): Promise<void> {
    for (const callee of callees) await addToIndex(this.ctx, keys.userCalls(callee), call.callId, call.expiresAt);
    await writeRecord(this.ctx, keys.call(call.callId), encode(call, callees));
  }

  async get(callId: string): Promise<CallRecord | null> {
    const stored = await readLiveRecord(this.ctx, keys.call(callId));
    return stored && decode(callId, stored);
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
    for (const callId of await redis.zrange(indexKey, '0', '-1')) {
      const key = keys.call(callId);
      const stored = await readRecord(this.ctx, key);
      if (!stored) continue;
      const others = calleesOf(stored).filter((callee) => callee !== user);
      // A direct call also listed for others stays theirs; otherwise the call goes.
      if (others.length === 0) await runScript(redis, deleteIfOwner, [key], [user]);
      else await rewriteRecord(this.ctx, key, (current) => (calleesOf(current).includes(user) ? withCallees(callId, current, calleesOf(current).filter((c) => c !== user)) : null));
    }
    await redis.del(indexKey);
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
