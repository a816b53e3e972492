/**
 * What every Redis resource store shares: the connection (refused once the store is closed), the clock,
 * and the record hash {o: owner, e: expiresAt ms, d: compact JSON}. `o` and `e` stay outside the JSON so
 * that scripts can check ownership and expiry without decoding anything.
 */
import type { Clock } from '../../clock.ts';
import { extendIfLive, indexAdd, putRecord, replaceIfLive, runScript, type RedisConnection } from './scripts.ts';

export interface RedisContext {
  readonly clock: Clock;
  /** The live connection; throws once the store is closed, so no call can hang on a released client. */
  redis(): RedisConnection;
}

export interface StoredRecord {
  owner: string;
  expiresAt: number;
  data: string;
}

/** Redis TTL for a record the clock expires at `expiresAt`; at least 1 ms (PX 0 is an error). */
export function ttlMs(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil(expiresAt - now));
}

/** The record as stored, expired or not; null when the key is absent. */
export async function readRecord(ctx: RedisContext, key: string): Promise<StoredRecord | null> {
  const [owner, expiresAt, data] = await ctx.redis().hmget(key, 'o', 'e', 'd');
  if (owner == null || expiresAt == null || data == null) return null;
  return { owner, expiresAt: Number(expiresAt), data };
}

/** The record when the clock says it is still live, else null. */
export async function readLiveRecord(ctx: RedisContext, key: string): Promise<StoredRecord | null> {
  const record = await readRecord(ctx, key);
  return record && record.expiresAt > ctx.clock.now() ? record : null;
}

export async function writeRecord(ctx: RedisContext, key: string, record: StoredRecord): Promise<void> {
  const ttl = ttlMs(record.expiresAt, ctx.clock.now());
  await runScript(ctx.redis(), putRecord, [key], [record.owner, record.expiresAt, record.data, ttl]);
}

/** Replaces a record only while the clock says it is live; false when it is gone or expired. */
export async function replaceLiveRecord(ctx: RedisContext, key: string, record: StoredRecord): Promise<boolean> {
  const now = ctx.clock.now();
  const replaced = await runScript(ctx.redis(), replaceIfLive, [key], [now, record.owner, record.expiresAt, record.data, ttlMs(record.expiresAt, now)]);
  return replaced === 1;
}

/** Moves a live record's expiry; returns its owner, or null when it is gone or expired. */
export async function extendLiveRecord(ctx: RedisContext, key: string, expiresAt: number): Promise<string | null> {
  const now = ctx.clock.now();
  const owner = await runScript(ctx.redis(), extendIfLive, [key], [now, expiresAt, ttlMs(expiresAt, now)]);
  return typeof owner === 'string' ? owner : null;
}

/** Adds `member` to a per-user index, scored by its expiry; the index lives as long as its last member. */
export async function addToIndex(ctx: RedisContext, indexKey: string, member: string, expiresAt: number): Promise<void> {
  await runScript(ctx.redis(), indexAdd, [indexKey], [ctx.clock.now(), expiresAt, member]);
}
