/**
 * End-to-end encrypted room names, as Firefox Hello kept them: the creator's browser makes a random
 * AES-GCM key, sends the server only ciphertext (the room's `context`, spec §7.8), and puts the key in the
 * room link's `#fragment`, which browsers never send to a server. Whoever has the link can read the name;
 * the server cannot.
 *
 *   context = { alg: "AES-GCM", value: base64(iv(12 bytes) ‖ AES-GCM(key, iv, JSON {roomName})), wrappedKey: "" }
 *   link    = roomUrl + "#" + base64url(raw 128-bit key)
 *
 * `wrappedKey` is left empty: Hello wrapped the key with a key derived from the owner's Firefox Account so
 * that another of the owner's devices could read the name; Loop's app keeps each room's key in its own
 * localStorage instead (web/callee/room-keys.ts). Pure WebCrypto, no DOM: tested in Node too.
 */
export interface RoomContext {
  value: string;
  alg: string;
  wrappedKey: string;
}

export const ROOM_CONTEXT_ALG = 'AES-GCM';
const IV_BYTES = 12;
const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(normal.padEnd(Math.ceil(normal.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
}

const toBase64Url = (bytes: Uint8Array) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A new room key, and its text form for the link's fragment. */
export async function newRoomKey(): Promise<{ key: CryptoKey; encoded: string }> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, ['encrypt', 'decrypt']);
  return { key, encoded: toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', key))) };
}

/** The key of a link's fragment (with or without its `#`); null when it is not one. */
export async function importRoomKey(encoded: string): Promise<CryptoKey | null> {
  const text = encoded.replace(/^#/, '');
  if (!/^[A-Za-z0-9_-]{22}$|^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  try {
    return await crypto.subtle.importKey('raw', fromBase64(text), 'AES-GCM', false, ['encrypt', 'decrypt']);
  } catch {
    return null;
  }
}

export async function encryptRoomName(key: CryptoKey, roomName: string): Promise<RoomContext> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = encoder.encode(JSON.stringify({ roomName }));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  const value = new Uint8Array(iv.length + sealed.length);
  value.set(iv);
  value.set(sealed, iv.length);
  return { value: toBase64(value), alg: ROOM_CONTEXT_ALG, wrappedKey: '' };
}

/** The room name sealed in `context`; null without a context, with another key or anything unreadable. */
export async function decryptRoomName(key: CryptoKey, context: RoomContext | null | undefined): Promise<string | null> {
  if (!context || context.alg !== ROOM_CONTEXT_ALG || typeof context.value !== 'string') return null;
  try {
    const bytes = fromBase64(context.value);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES) },
      key,
      bytes.subarray(IV_BYTES),
    );
    const parsed: unknown = JSON.parse(new TextDecoder().decode(plain));
    const name = (parsed as { roomName?: unknown } | null)?.roomName;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

/** The link people open: the server's roomUrl with the key in the fragment. */
export const roomLink = (roomUrl: string, encodedKey: string | null): string =>
  encodedKey ? `${roomUrl.split('#')[0]}#${encodedKey}` : roomUrl;
