/**
 * A keyed hash for values we must look up but never store in the clear (tokens, hawk ids):
 * HMAC-SHA256 under a server secret, so a leaked database alone does not reveal usable tokens.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** 16 bytes is the least that still gives a 128-bit key; anything shorter is a configuration mistake. */
const MIN_SECRET_BYTES = 16;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/**
 * Keys by secret, checked and imported once: a server has a handful of secrets, and re-checking and
 * re-importing one on every request (every Hawk request hashes its id) was measurable.
 */
const keys = new Map<string, KeyObject>();

/** The HMAC key of a hex secret, checked and imported once; shared by everything that signs with a server secret. */
export function hmacKey(secretHex: string): KeyObject {
  let key = keys.get(secretHex);
  if (key === undefined) {
    // The message deliberately never includes the secret: errors end up in logs.
    if (!HEX.test(secretHex) || secretHex.length < MIN_SECRET_BYTES * 2) {
      throw new Error(`hmacKey: the secret must be at least ${MIN_SECRET_BYTES} bytes of hex`);
    }
    key = createSecretKey(Buffer.from(secretHex, 'hex'));
    keys.set(secretHex, key);
  }
  return key;
}

/** HMAC-SHA256 of `message` (UTF-8) under the hex-decoded `secretHex`, as lowercase hex. */
export function keyedHash(secretHex: string, message: string): string {
  return createHmac('sha256', hmacKey(secretHex)).update(message, 'utf8').digest('hex');
}
