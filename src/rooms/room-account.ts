/**
 * A signed-in participant's identity, shown to the room's owner and participants as `account` (spec §7.4).
 * Sealed for the room: AES-256-GCM under a key derived from a server secret and the room token, so the
 * store alone opens nothing, and a value sealed for one room does not open in another (2016 derived its key
 * from the room token alone).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Secrets } from '../config/secrets.ts';

const INFO = 'loop-server/v1/room-account';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

type AccountDeps = { secrets: Pick<Secrets, 'userMacSecret'> };

function roomKey(deps: AccountDeps, roomToken: string): Buffer {
  const secret = Buffer.from(deps.secrets.userMacSecret, 'hex');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(roomToken, 'utf8'), INFO, 32));
}

export function sealAccount(deps: AccountDeps, roomToken: string, identity: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', roomKey(deps, roomToken), nonce);
  const body = Buffer.concat([cipher.update(identity, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

/** The identity, or null when the value does not open (another room's, or damaged): it is then not shown. */
export function openAccount(deps: AccountDeps, roomToken: string, sealed: string): string | null {
  const [version, nonceText, bodyText] = sealed.split('.');
  if (version !== 'v1' || nonceText === undefined || bodyText === undefined) return null;
  try {
    const nonce = Buffer.from(nonceText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) return null;
    const decipher = createDecipheriv('aes-256-gcm', roomKey(deps, roomToken), nonce);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
