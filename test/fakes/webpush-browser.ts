/**
 * The browser's half of Web Push, for tests: a subscription's key pair and auth secret (as
 * `pushManager.subscribe()` makes them), and RFC 8291 aes128gcm decryption with them. Written on
 * node:crypto from the RFCs, independently of the `web-push` package the server encrypts with.
 */
import { createDecipheriv, createECDH, hkdfSync, randomBytes, type ECDH } from 'node:crypto';

export interface SubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export class BrowserSubscription {
  private readonly ecdh: ECDH = createECDH('prime256v1');
  readonly authSecret: Buffer;
  readonly publicKey: Buffer;

  /** Fresh keys, as a browser makes them; or given ones (RFC test vectors). */
  constructor(
    readonly endpoint: string,
    given?: { privateKey: Buffer; authSecret: Buffer },
  ) {
    if (given) this.ecdh.setPrivateKey(given.privateKey);
    else this.ecdh.generateKeys();
    this.authSecret = given?.authSecret ?? randomBytes(16);
    this.publicKey = this.ecdh.getPublicKey();
  }

  /** What `PushSubscription.toJSON()` returns. */
  toJSON(): SubscriptionJson {
    return {
      endpoint: this.endpoint,
      expirationTime: null,
      keys: { p256dh: this.publicKey.toString('base64url'), auth: this.authSecret.toString('base64url') },
    };
  }

  /** RFC 8188 record header + RFC 8291 key derivation; throws when the body was not encrypted for this subscription. */
  decrypt(body: Buffer): Buffer {
    if (body.length < 21) throw new Error('aes128gcm: body shorter than its header');
    const salt = body.subarray(0, 16);
    const recordSize = body.readUInt32BE(16);
    const keyIdLength = body[20] ?? 0;
    const serverPublicKey = body.subarray(21, 21 + keyIdLength);
    const ciphertext = body.subarray(21 + keyIdLength);
    if (keyIdLength !== 65)
      throw new Error(`aes128gcm: keyid must be the 65-byte sender key, got ${keyIdLength} bytes`);
    if (ciphertext.length > recordSize)
      throw new Error('aes128gcm: more than one record (not expected for a small payload)');

    const ecdhSecret = this.ecdh.computeSecret(serverPublicKey);
    const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), this.publicKey, serverPublicKey]);
    const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, this.authSecret, keyInfo, 32));
    const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
    const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
    // The last record ends with the delimiter 0x02, then zero padding.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (padded[end] !== 0x02) throw new Error('aes128gcm: missing last-record delimiter');
    return padded.subarray(0, end);
  }
}
