/**
 * Hawk 1.0 request signing with Web Crypto only (`globalThis.crypto.subtle`), so the same code runs in
 * browsers and in Node 22 (docs/api.md, spec §3.1):
 *   session token (64 hex) → HKDF-SHA256(salt = 32 zero bytes, info below, 64 bytes)
 *   id = hex(bytes 0-31), key = hex(bytes 32-63), used as an ASCII string by HMAC-SHA256.
 * Pure functions of their inputs (time and nonce are passed in), so the tests check them against the
 * reference `hawk` package. No maintained Hawk library signs with Web Crypto (the `hawk` package needs
 * node:crypto), hence these eighty lines.
 */
const HKDF_INFO = 'identity.mozilla.com/picl/v1/sessionToken';
const encoder = new TextEncoder();

export interface HawkCredentials {
  id: string;
  key: string;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(text: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})+$/i.test(text)) throw new TypeError('not a hex string');
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function deriveHawkCredentials(sessionToken: string): Promise<HawkCredentials> {
  const ikm = await globalThis.crypto.subtle.importKey('raw', fromHex(sessionToken), 'HKDF', false, ['deriveBits']);
  const okm = new Uint8Array(
    await globalThis.crypto.subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(HKDF_INFO) },
      ikm,
      512,
    ),
  );
  return { id: hex(okm.subarray(0, 32)), key: hex(okm.subarray(32)) };
}

async function hmacBase64(key: string, text: string): Promise<string> {
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return base64(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(text)));
}

/** `hawk.1.payload\n<media type>\n<body>\n`, SHA-256, base64 (parameters such as charset are not hashed). */
export async function payloadHash(contentType: string, body: string): Promise<string> {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return base64(
    await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(`hawk.1.payload\n${mediaType}\n${body}\n`)),
  );
}

export interface HawkRequest {
  method: string;
  /** The absolute URL the request goes to: path, query, host and port are signed. */
  url: string;
  payload?: { contentType: string; body: string };
  nowSec: number;
  nonce: string;
}

/** The `Authorization` header value for one request. */
export async function hawkHeader(credentials: HawkCredentials, request: HawkRequest): Promise<string> {
  const url = new URL(request.url);
  // Hawk signs the bare host name (an IPv6 literal without brackets) and the port, defaulted by scheme.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hash = request.payload ? await payloadHash(request.payload.contentType, request.payload.body) : '';
  const ts = String(request.nowSec);
  const normalized = `hawk.1.header\n${ts}\n${request.nonce}\n${request.method.toUpperCase()}\n${url.pathname}${url.search}\n${host}\n${port}\n${hash}\n\n`;
  const mac = await hmacBase64(credentials.key, normalized);
  return `Hawk id="${credentials.id}", ts="${ts}", nonce="${request.nonce}"${hash ? `, hash="${hash}"` : ''}, mac="${mac}"`;
}

/** Six random bytes, base64url: as unguessable as the reference client's nonces. */
export function newNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
