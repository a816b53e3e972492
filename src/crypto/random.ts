/**
 * Random identifiers and secrets. Every token the server hands out comes from here, so the source
 * of randomness (node:crypto's CSPRNG) is decided in exactly one place.
 */
import { randomBytes } from 'node:crypto';

function checkByteCount(bytes: number): void {
  // randomBytes would silently accept some odd values (e.g. 0); a zero-length secret is always a bug.
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new RangeError(`random byte count must be a positive integer, got ${String(bytes)}`);
  }
}

/** `bytes` random bytes as lowercase hex (2 characters per byte). */
export function randomHex(bytes: number): string {
  checkByteCount(bytes);
  return randomBytes(bytes).toString('hex');
}

/**
 * `bytes` random bytes as base64url without padding: URL-safe, so usable directly in a path segment
 * (8 bytes → 11 characters).
 */
export function randomBase64Url(bytes: number): string {
  checkByteCount(bytes);
  return randomBytes(bytes).toString('base64url');
}
