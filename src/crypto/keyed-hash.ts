/**
 * A keyed hash for values we must look up but never store in the clear (tokens, hawk ids):
 * HMAC-SHA256 under a server secret, so a leaked database alone does not reveal usable tokens.
 */
import { createHmac } from 'node:crypto';

/** 16 bytes is the least that still gives a 128-bit key; anything shorter is a configuration mistake. */
const MIN_SECRET_BYTES = 16;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** HMAC-SHA256 of `message` (UTF-8) under the hex-decoded `secretHex`, as lowercase hex. */
export function keyedHash(secretHex: string, message: string): string {
  // The message deliberately never includes the secret: errors end up in logs.
  if (!HEX.test(secretHex) || secretHex.length < MIN_SECRET_BYTES * 2) {
    throw new Error(`keyedHash: the secret must be at least ${MIN_SECRET_BYTES} bytes of hex`);
  }
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message, 'utf8').digest('hex');
}
