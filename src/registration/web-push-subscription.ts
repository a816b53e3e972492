/**
 * Checks a browser's `PushSubscription.toJSON()` before it is stored: a bad subscription would otherwise
 * fail on every call, long after the client could have been told.
 */
import { ECDH } from 'node:crypto';
import { LoopError } from '../errors/loop-error.ts';
import { assertPushDestination } from './push-destination.ts';
import { PUSH_TOPICS, type PushTopic, type WebPushSubscription } from '../push/push-targets.ts';

export interface WebPushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  topics?: PushTopic[];
}

const FIELD = 'webPushSubscription';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const BASE64 = /^[A-Za-z0-9_+/-]+={0,2}$/;

/** Decodes base64 or base64url (with or without padding: clients differ); null when it is neither. */
function decodeBase64(value: string): Buffer | null {
  return BASE64.test(value) ? Buffer.from(value.replace(/=+$/, ''), 'base64url') : null;
}

function isAllowedEndpoint(endpoint: string, allowInsecure: boolean): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return allowInsecure && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

function isP256Point(key: Buffer): boolean {
  if (key.length !== 65 || key[0] !== 0x04) return false;
  try {
    ECDH.convertKey(key, 'prime256v1'); // throws unless the point is on the curve
    return true;
  } catch {
    return false;
  }
}

/**
 * The subscription as stored (keys in canonical base64url), or a 400 errno 107 naming the bad field.
 * `allowInsecure` admits `http://` endpoints on the loopback address only (tests, local use); `allowPrivate`
 * admits endpoints on non-public IP addresses, loopback included (see src/push/endpoint-policy.ts).
 */
export function toWebPushSubscription(
  input: WebPushSubscriptionInput,
  options: { allowInsecure: boolean; allowPrivate: boolean },
): WebPushSubscription {
  if (!isAllowedEndpoint(input.endpoint, options.allowInsecure)) {
    const allowed = options.allowInsecure ? 'an https URL, or an http URL on the loopback address' : 'an https URL';
    throw LoopError.invalidParameters(`${FIELD}.endpoint should be ${allowed}`);
  }
  assertPushDestination(`${FIELD}.endpoint`, input.endpoint, options);
  const p256dh = decodeBase64(input.keys.p256dh);
  if (!p256dh || !isP256Point(p256dh))
    throw LoopError.invalidParameters(`${FIELD}.keys.p256dh should be a P-256 public key in base64url`);
  const auth = decodeBase64(input.keys.auth);
  if (!auth || auth.length !== 16)
    throw LoopError.invalidParameters(`${FIELD}.keys.auth should be 16 bytes in base64url`);
  const topics =
    input.topics && input.topics.length > 0 ? PUSH_TOPICS.filter((t) => input.topics?.includes(t)) : [...PUSH_TOPICS];
  return { endpoint: input.endpoint, p256dh: p256dh.toString('base64url'), auth: auth.toString('base64url'), topics };
}
