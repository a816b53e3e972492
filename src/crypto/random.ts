/**
 * Random identifiers and secrets. Every token the server hands out comes from here, so the source
 * of randomness (node:crypto's CSPRNG) is decided in exactly one place.
 */
import { randomFillSync } from 'node:crypto';

function checkByteCount(bytes: number): void {
  // randomBytes would silently accept some odd values (e.g. 0); a zero-length secret is always a bug.
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new RangeError(`random byte count must be a positive integer, got ${String(bytes)}`);
  }
}

/**
 * Small requests are served from a pool filled by the CSPRNG 4 KiB at a time (as node's own randomUUID
 * does): a call takes four random values and a registration one, and each separate trip into OpenSSL
 * cost more than the bytes. Bytes handed out are zeroed in the pool, so none is ever given twice.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomBuffer(bytes: number): Buffer {
  if (bytes > POOL_BYTES / 4) return randomFillSync(Buffer.alloc(bytes));
  if (poolOffset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + bytes));
  pool.fill(0, poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return out;
}

/** `bytes` random bytes as lowercase hex (2 characters per byte). */
export function randomHex(bytes: number): string {
  checkByteCount(bytes);
  return randomBuffer(bytes).toString('hex');
}

/**
 * `bytes` random bytes as base64url without padding: URL-safe, so usable directly in a path segment
 * (8 bytes → 11 characters).
 */
export function randomBase64Url(bytes: number): string {
  checkByteCount(bytes);
  return randomBuffer(bytes).toString('base64url');
}
