import type { CallRecord, CallState, CallStore, CallType } from '../store.ts';
import { readIndexedLive } from './indexed-records.ts';
import { keys } from './keys.ts';
import { addToIndex, readLiveRecord, writeRecord, type RedisContext, type StoredRecord } from './records.ts';
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
];

function encode(call: CallRecord): StoredRecord {
  const data: CallData = [
    call.callType, call.subject, call.timestampSec, call.callerId, call.calleeFriendlyName, call.provider, call.apiKey,
    call.sessionId, call.calleeToken, call.wsCallerToken, call.wsCalleeToken, call.callToken, call.urlCreationDateSec,
    call.state, call.reason,
  ];
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

export class RedisCallStore implements CallStore {
  constructor(private readonly ctx: RedisContext) {}

  async create(call: CallRecord): Promise<void> {
    // Index first, record second: the record is what makes the call exist, and from then on it is listed.
    await addToIndex(this.ctx, keys.userCalls(call.user), call.callId, call.expiresAt);
    await writeRecord(this.ctx, keys.call(call.callId), encode(call));
  }

  async get(callId: string): Promise<CallRecord | null> {
    const stored = await readLiveRecord(this.ctx, keys.call(callId));
    return stored && decode(callId, stored);
  }

  async listForUser(user: string, sinceSec: number): Promise<CallRecord[]> {
    const live = await readIndexedLive(this.ctx, keys.userCalls(user), user, keys.call);
    return live
      .map(({ id, stored }) => decode(id, stored))
      .filter((call) => call.timestampSec >= sinceSec && call.state !== 'terminated')
      .sort((a, b) => a.timestampSec - b.timestampSec);
  }

  async deleteForUser(user: string): Promise<void> {
    const redis = this.ctx.redis();
    const indexKey = keys.userCalls(user);
    const callIds = await redis.zrange(indexKey, '0', '-1');
    await Promise.all(callIds.map((callId) => runScript(redis, deleteIfOwner, [keys.call(callId)], [user])));
    await redis.del(indexKey);
  }
}
