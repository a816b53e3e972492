import { createECDH } from 'node:crypto';

/** The server's VAPID identity (RFC 8292): a P-256 key pair, both halves base64url without padding. */
export interface VapidKeys {
  /** 65-byte uncompressed point: the `applicationServerKey` browsers subscribe with. */
  publicKey: string;
  /** 32-byte private scalar. */
  privateKey: string;
}

const PRIVATE_KEY_BYTES = 32;

/** OpenSSL may drop leading zero bytes of the scalar; VAPID wants exactly 32. */
function padded(key: Buffer): Buffer {
  return key.length >= PRIVATE_KEY_BYTES ? key : Buffer.concat([Buffer.alloc(PRIVATE_KEY_BYTES - key.length), key]);
}

export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { publicKey: ecdh.getPublicKey('base64url'), privateKey: padded(ecdh.getPrivateKey()).toString('base64url') };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Why the two keys are not a usable VAPID pair, or null when they are. Never quotes the keys. */
export function vapidKeysProblem(keys: VapidKeys): string | null {
  if (!BASE64URL.test(keys.publicKey) || !BASE64URL.test(keys.privateKey)) return 'must be base64url without padding';
  const publicKey = Buffer.from(keys.publicKey, 'base64url');
  const privateKey = Buffer.from(keys.privateKey, 'base64url');
  if (publicKey.length !== 65 || publicKey[0] !== 0x04)
    return 'the public key must be a 65-byte uncompressed P-256 point';
  if (privateKey.length !== PRIVATE_KEY_BYTES) return 'the private key must be 32 bytes';
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(privateKey);
    if (!ecdh.getPublicKey().equals(publicKey)) return 'the public key does not belong to the private key';
  } catch {
    return 'the private key is not a valid P-256 key';
  }
  return null;
}
