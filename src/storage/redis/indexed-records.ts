import { readRecord, type RedisContext, type StoredRecord } from './records.ts';

/**
 * The live records a per-user index points to. The index is scored by expiry, so only members the clock
 * still calls live are read; each record is then checked against the owner, because an id may have been
 * reused by someone else after the old record expired, or the record deleted without its index entry.
 */
export async function readIndexedLive(
  ctx: RedisContext,
  indexKey: string,
  owner: string,
  keyOf: (id: string) => string,
  /** The stored owner as a user id, for records that store it packed (packed-hex.ts). */
  ownerOf: (stored: string) => string = (stored) => stored,
): Promise<Array<{ id: string; stored: StoredRecord }>> {
  const now = ctx.clock.now();
  const ids = await ctx.redis().zrangebyscore(indexKey, `(${now}`, '+inf');
  const records = await Promise.all(ids.map((id) => readRecord(ctx, keyOf(id))));
  const live: Array<{ id: string; stored: StoredRecord }> = [];
  ids.forEach((id, i) => {
    const stored = records[i];
    if (stored && ownerOf(stored.owner) === owner && stored.expiresAt > now) live.push({ id, stored });
  });
  return live;
}
