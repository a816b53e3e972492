/**
 * Encryption of what the server must read back but only on behalf of one session (spec §3.3): the signed-in
 * identity, the OAuth access token. The key is derived from the session's Hawk id, which the server never
 * stores (it keeps only a keyed hash of it), so a copy of the database alone opens nothing; the server can
 * open a value only while serving a request signed by that session.
 *
 * AES-256-GCM under HKDF-SHA256(ikm = hawk id bytes, info = INFO); a random 96-bit nonce per value; the
 * purpose is bound as associated data so an identity cannot be swapped in for a token or vice versa.
 * Format: `v1.<nonce base64url>.<ciphertext‖tag base64url>`.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'loop-server/v1/session-box';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEX_64 = /^[0-9a-f]{64}$/i;

export type SealedPurpose = 'identity' | 'oauth-access-token';

export interface SessionBox {
  seal(plain: string, purpose: SealedPurpose): string;
  /** Throws when the value was not sealed by this session's key for this purpose. */
  open(sealed: string, purpose: SealedPurpose): string;
}

export function sessionBox(hawkIdHex: string): SessionBox {
  if (!HEX_64.test(hawkIdHex)) throw new TypeError('sessionBox: the Hawk id must be 64 hex characters');
  // Derived on first use: every authenticated request gets a box, few open or seal anything with it, and
  // the HKDF was a tenth of an authenticated read's CPU time (bench/README.md).
  let derived: Buffer | null = null;
  const key = (): Buffer =>
    (derived ??= Buffer.from(hkdfSync('sha256', Buffer.from(hawkIdHex, 'hex'), Buffer.alloc(0), INFO, 32)));
  return {
    seal(plain, purpose) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key(), nonce);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${nonce.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, purpose) {
      const [version, nonceText, bodyText] = sealed.split('.');
      if (version !== 'v1' || nonceText === undefined || bodyText === undefined)
        throw new Error('sessionBox: unknown format');
      const nonce = Buffer.from(nonceText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new Error('sessionBox: truncated value');
      const decipher = createDecipheriv('aes-256-gcm', key(), nonce);
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
