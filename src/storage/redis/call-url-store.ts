import type { CallUrlRecord } from '../../call-urls/call-url-record.ts';
import type { CallUrlStore } from '../store.ts';
import { readIndexedLive } from './indexed-records.ts';
import { keys } from './keys.ts';
import {
  addToIndex,
  deserialize,
  readLiveRecord,
  readRecord,
  replaceLiveRecord,
  rewriteRecord,
  writeRecord,
  type RedisContext,
  type StoredRecord,
} from './records.ts';
import { packHex, unpackHex } from './packed-hex.ts';
import { deleteIfOwner, runScript } from './scripts.ts';

/**
 * `d` = [callerId, issuer, subject, timestampSec]; the owner is `user`, packed (packed-hex.ts: a keyed hash in
 * 44 characters instead of 64; a link written before reads the same); `e` is expiresSec in ms.
 */
type CallUrlData = [callerId: string, issuer: string, subject: string | null, timestampSec: number];

function encode(record: CallUrlRecord): StoredRecord {
  const data: CallUrlData = [record.callerId, record.issuer, record.subject, record.timestampSec];
  return { owner: packHex(record.user), expiresAt: record.expiresSec * 1000, data: JSON.stringify(data) };
}

function decode(token: string, stored: StoredRecord): CallUrlRecord {
  const [callerId, issuer, subject, timestampSec] = JSON.parse(stored.data) as CallUrlData;
  return {
    token,
    user: unpackHex(stored.owner),
    callerId,
    issuer,
    subject,
    timestampSec,
    expiresSec: Math.floor(stored.expiresAt / 1000),
  };
}

export class RedisCallUrlStore implements CallUrlStore {
  constructor(private readonly ctx: RedisContext) {}

  private index(record: CallUrlRecord): Promise<void> {
    return addToIndex(this.ctx, keys.userCallUrls(record.user), record.token, record.expiresSec * 1000);
  }

  /** After a write: this instance's next read must not be served the copy it held before. */
  private forget(token: string): void {
    this.ctx.trackedReads?.forget(keys.callUrl(token));
  }

  async create(record: CallUrlRecord): Promise<void> {
    await this.index(record);
    await writeRecord(this.ctx, keys.callUrl(record.token), encode(record));
    this.forget(record.token);
  }

  /** The link check's read: from the invalidated local copy when there is one (tracked-reads.ts). */
  async get(token: string): Promise<CallUrlRecord | null> {
    const key = keys.callUrl(token);
    const tracked = this.ctx.trackedReads;
    if (!tracked) {
      const stored = await readLiveRecord(this.ctx, key);
      return stored && decode(token, stored);
    }
    const raw = await tracked.get(key);
    const stored = raw === null ? null : deserialize(raw);
    return stored && stored.expiresAt > this.ctx.clock.now() ? decode(token, stored) : null;
  }

  async listForUser(user: string): Promise<CallUrlRecord[]> {
    const live = await readIndexedLive(this.ctx, keys.userCallUrls(user), user, keys.callUrl, unpackHex);
    // Oldest first (the index is ordered by expiry); sort() is stable for equal timestamps.
    return live.map(({ id, stored }) => decode(id, stored)).sort((a, b) => a.timestampSec - b.timestampSec);
  }

  async countForUser(user: string): Promise<number> {
    return this.ctx.redis().zcount(keys.userCallUrls(user), `(${this.ctx.clock.now()}`, '+inf');
  }

  async update(record: CallUrlRecord): Promise<boolean> {
    const replaced = await replaceLiveRecord(this.ctx, keys.callUrl(record.token), encode(record));
    this.forget(record.token);
    if (replaced) await this.index(record);
    return replaced;
  }

  async delete(token: string): Promise<void> {
    const key = keys.callUrl(token);
    const stored = await readRecord(this.ctx, key);
    if (!stored) return;
    await runScript(this.ctx.redis(), deleteIfOwner, [key], [stored.owner]);
    this.forget(token);
    await this.ctx.redis().zrem(keys.userCallUrls(unpackHex(stored.owner)), token);
  }

  async deleteForUser(user: string): Promise<void> {
    const redis = this.ctx.redis();
    const indexKey = keys.userCallUrls(user);
    const tokens = await redis.zrange(indexKey, '0', '-1');
    const owners = [...new Set([packHex(user), user])];
    // Each link by its owner as stored: packed, or plain when written before packing (one more try then).
    await Promise.all(
      tokens.map(async (token) => {
        for (const owner of owners)
          if ((await runScript(redis, deleteIfOwner, [keys.callUrl(token)], [owner])) === 1) return this.forget(token);
      }),
    );
    await redis.del(indexKey);
  }

  async reassignUser(from: string, to: string): Promise<void> {
    const redis = this.ctx.redis();
    const fromIndex = keys.userCallUrls(from);
    for (const token of await redis.zrange(fromIndex, '0', '-1')) {
      const stored = await readRecord(this.ctx, keys.callUrl(token));
      if (!stored || unpackHex(stored.owner) !== from) continue;
      // Index under the new owner first; the record's owner then decides which index lists it.
      await addToIndex(this.ctx, keys.userCallUrls(to), token, stored.expiresAt);
      await rewriteRecord(this.ctx, keys.callUrl(token), (current) =>
        unpackHex(current.owner) === from ? { ...current, owner: packHex(to) } : null,
      );
      this.forget(token);
    }
    await redis.del(fromIndex);
  }
}
