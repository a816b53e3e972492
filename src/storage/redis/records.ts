/**
 * What every Redis resource store shares: the connection (refused once the store is closed), the clock,
 * and the record format, one string per record: "<owner>\n<expiresAt ms>\n<compact JSON>". Owner and
 * expiry stay outside the JSON so that scripts check them without decoding anything, and a plain string
 * costs less memory than a hash whose values outgrow the listpack encoding.
 */
import type { Clock } from '../../clock.ts';
import type { TrackedReads } from './tracked-reads.ts';
import {
  extendIfLive,
  indexAdd,
  replaceIfLive,
  replaceIfUnchanged,
  runScript,
  type RedisConnection,
} from './scripts.ts';

export interface RedisContext {
  readonly clock: Clock;
  /** One Redis node, not a Cluster: a script may then touch keys of several slots. */
  readonly singleNode: boolean;
  /** The live connection; throws once the store is closed, so no call can hang on a released client. */
  redis(): RedisConnection;
  /** Cached reads that Redis invalidates (single node, when configured): for the call links' hot read. */
  readonly trackedReads: TrackedReads | null;
}

export interface StoredRecord {
  /** The owner key; never contains a newline (keyed hashes and ids). */
  owner: string;
  expiresAt: number;
  data: string;
}

/** Redis TTL for a record the clock expires at `expiresAt`; at least 1 ms (PX 0 is an error). */
export function ttlMs(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil(expiresAt - now));
}

export function serialize(record: StoredRecord): string {
  return `${record.owner}\n${record.expiresAt}\n${record.data}`;
}

export function deserialize(value: string): StoredRecord | null {
  const first = value.indexOf('\n');
  const second = value.indexOf('\n', first + 1);
  if (first < 0 || second < 0) return null;
  return {
    owner: value.slice(0, first),
    expiresAt: Number(value.slice(first + 1, second)),
    data: value.slice(second + 1),
  };
}

/** The record as stored, expired or not; null when the key is absent. */
export async function readRecord(ctx: RedisContext, key: string): Promise<StoredRecord | null> {
  const value = await ctx.redis().get(key);
  return value === null ? null : deserialize(value);
}

/** The record when the clock says it is still live, else null. */
export async function readLiveRecord(ctx: RedisContext, key: string): Promise<StoredRecord | null> {
  const record = await readRecord(ctx, key);
  return record && record.expiresAt > ctx.clock.now() ? record : null;
}

/** Writes (or overwrites an expired record with the same id) with a Redis TTL matching the clock's expiry. */
export async function writeRecord(ctx: RedisContext, key: string, record: StoredRecord): Promise<void> {
  await ctx.redis().set(key, serialize(record), 'PX', ttlMs(record.expiresAt, ctx.clock.now()));
}

/** Replaces a record only while the clock says it is live; false when it is gone or expired. */
export async function replaceLiveRecord(ctx: RedisContext, key: string, record: StoredRecord): Promise<boolean> {
  const now = ctx.clock.now();
  const replaced = await runScript(
    ctx.redis(),
    replaceIfLive,
    [key],
    [now, serialize(record), ttlMs(record.expiresAt, now)],
  );
  return replaced === 1;
}

/** Moves a live record's expiry; returns its owner, or null when it is gone or expired. */
export async function extendLiveRecord(ctx: RedisContext, key: string, expiresAt: number): Promise<string | null> {
  const now = ctx.clock.now();
  const owner = await runScript(ctx.redis(), extendIfLive, [key], [now, expiresAt, ttlMs(expiresAt, now)]);
  return typeof owner === 'string' ? owner : null;
}

/** Adds `member` to a per-user index, scored by its expiry; the index lives as long as its last member. */
export async function addToIndex(
  ctx: RedisContext,
  indexKey: string,
  member: string,
  expiresAt: number,
): Promise<void> {
  await runScript(ctx.redis(), indexAdd, [indexKey], [ctx.clock.now(), expiresAt, member]);
}

/**
 * Read-modify-write of one record with compare-and-set (its TTL kept): `change` returns the new record, or
 * null to leave it. Retried when another writer got in between. Returns what was written, if anything.
 */
export async function rewriteRecord(
  ctx: RedisContext,
  key: string,
  change: (stored: StoredRecord) => StoredRecord | null,
): Promise<StoredRecord | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await ctx.redis().get(key);
    const stored = raw === null ? null : deserialize(raw);
    if (raw === null || !stored) return null;
    const next = change(stored);
    if (!next) return null;
    if ((await runScript(ctx.redis(), replaceIfUnchanged, [key], [raw, serialize(next)])) === 1) return next;
  }
  throw new Error(`record ${key} kept changing while being rewritten`);
}
