/**
 * Hawk session tokens as the Loop API (and Firefox Accounts before it) defines them.
 *
 * The client receives only `sessionToken`; both sides derive the Hawk credentials from it with
 * HKDF-SHA256, so the server never has to send the MAC key itself:
 *   okm = HKDF(ikm = token bytes, salt = 32 zero bytes, info = INFO, length = 64)
 *   id  = hex(okm[0..32]),  key = hex(okm[32..64])
 * The MAC key is that hex *string* (used as ASCII by the HMAC), not the raw bytes — that is how the
 * existing clients use it, so it must stay that way.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { randomHex } from '../crypto/random.ts';

const TOKEN_BYTES = 32;
const HKDF_INFO = 'identity.mozilla.com/picl/v1/sessionToken';
/** RFC 5869: an absent salt means HashLen zero bytes; spelled out so nobody "fixes" it to something else. */
const HKDF_SALT = Buffer.alloc(32);
const HKDF_SALT_KEY = createSecretKey(HKDF_SALT);
/** HKDF-Expand's inputs for blocks 1 and 2: info followed by the block counter. */
const HKDF_INFO_1 = Buffer.concat([Buffer.from(HKDF_INFO), Buffer.from([1])]);
const HKDF_INFO_2 = Buffer.concat([Buffer.from(HKDF_INFO), Buffer.from([2])]);
const TOKEN_HEX = /^[0-9a-fA-F]{64}$/;

export interface HawkCredentialsPair {
  /** Hawk `id` attribute (64 hex characters). */
  id: string;
  /** Hawk MAC key: 64 hex characters, used as an ASCII string with sha256. */
  key: string;
}

export interface MintedSessionToken extends HawkCredentialsPair {
  /** What the client is given (the `Hawk-Session-Token` response header): 64 hex characters. */
  sessionToken: string;
}

/** Derives the Hawk id and key from a session token (what both the server and test clients do). */
export function deriveHawkCredentials(sessionTokenHex: string): HawkCredentialsPair {
  if (!TOKEN_HEX.test(sessionTokenHex)) {
    // Do not echo the value: it is a credential.
    throw new TypeError(`session token must be ${TOKEN_BYTES * 2} hex characters`);
  }
  // RFC 5869 with two HMAC blocks (64 bytes = 2 x SHA-256): the same bytes as hkdfSync (the literal
  // vectors in session-token.test.ts hold both to it) for about half its cost, which on Node 20 includes
  // importing a key object per call. Every registration derives once.
  const prk = createHmac('sha256', HKDF_SALT_KEY).update(Buffer.from(sessionTokenHex, 'hex')).digest();
  const id = createHmac('sha256', prk).update(HKDF_INFO_1).digest();
  const key = createHmac('sha256', prk).update(id).update(HKDF_INFO_2).digest();
  return { id: id.toString('hex'), key: key.toString('hex') };
}

/** A fresh random session token and the Hawk credentials it stands for. */
export function mintSessionToken(): MintedSessionToken {
  const sessionToken = randomHex(TOKEN_BYTES);
  return { sessionToken, ...deriveHawkCredentials(sessionToken) };
}
