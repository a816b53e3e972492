/**
 * Hawk 1.0 request authentication, server side, as a pure function of the request's parts.
 *
 * Behaviour follows the reference implementation (the `hawk` npm package, `server.authenticate`):
 * the same header grammar, the same check order (parse → credentials → MAC → payload hash →
 * timestamp) and the same error messages, because existing Loop clients were written against it.
 * Deliberate differences are marked "Unlike the reference" below.
 *
 * Not done here: nonce replay detection. It needs the store, so the caller's `credentialsLookup` (given the
 * header's attributes) may record `hawkNonce(attributes)` beside the session read, in one store round trip,
 * and forget it again when verification fails.
 *
 * Only sha256 credentials exist in Loop, so the algorithm is fixed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const HAWK_VERSION = '1';
const ALGORITHM = 'sha256';
/** The reference refuses longer headers before running any regex on them (DoS guard). */
const MAX_HEADER_LENGTH = 4096;
export const DEFAULT_SKEW_SEC = 60;

// ---------------------------------------------------------------------------------------------
// Header parsing

/** Attributes of a request's `Authorization: Hawk …` header. Values are exactly as sent. */
export interface HawkAttributes {
  id: string;
  /** Seconds since the epoch, as sent (a string: it is MAC'd verbatim). */
  ts: string;
  nonce: string;
  mac: string;
  hash?: string;
  ext?: string;
  app?: string;
  dlg?: string;
}

type AttributeName = keyof HawkAttributes;
const ATTRIBUTE_NAMES: readonly AttributeName[] = ['id', 'ts', 'nonce', 'hash', 'ext', 'mac', 'app', 'dlg'];

export type HawkParseFailureReason = 'missing' | 'bad-scheme' | 'bad-header';

export type HawkParseResult =
  { ok: true; attributes: HawkAttributes } | { ok: false; reason: HawkParseFailureReason; message: string };

// The three expressions below are the reference's, verbatim, so we accept and reject the same headers.
/** `scheme[ rest]`; `.` stops at line breaks, so a header with one is refused. */
const AUTH_HEADER = /^(\w+)(?:\s+(.*))?$/;
/** One `name="value"` pair and its separator. Values can never contain `"` or `\`. */
const ATTRIBUTE_PAIR = /(\w+)="([^"\\]*)"\s*(?:,\s*|$)/g;
/** Allowed value characters: space, a-z, A-Z, 0-9 and !#$%&'()*+,-./:;<=>?@[]^_`{|}~ */
const ATTRIBUTE_VALUE = /^[ \w!#$%&'()*+,\-./:;<=>?@[\]^`{|}~]+$/;

function isAttributeName(name: string): name is AttributeName {
  return (ATTRIBUTE_NAMES as readonly string[]).includes(name);
}

/**
 * Parses a Hawk `Authorization` header. Any text not covered by well-formed attribute pairs, an
 * unknown or repeated attribute, a disallowed character, or a missing id/ts/nonce/mac fails.
 */
export function parseHawkHeader(header: string | undefined): HawkParseResult {
  if (!header) return { ok: false, reason: 'missing', message: 'Missing authentication' };
  if (header.length > MAX_HEADER_LENGTH) {
    return { ok: false, reason: 'bad-header', message: 'Header length too long' };
  }

  const parts = AUTH_HEADER.exec(header);
  if (!parts) return { ok: false, reason: 'bad-header', message: 'Invalid header syntax' };
  if (parts[1]?.toLowerCase() !== 'hawk') {
    // Another scheme (Basic, Bearer…) is not a malformed Hawk header: the client should be told Hawk.
    return { ok: false, reason: 'bad-scheme', message: 'Unsupported authentication scheme' };
  }
  const attributesText = parts[2];
  if (!attributesText) return { ok: false, reason: 'bad-header', message: 'Invalid header syntax' };

  // The reference runs a global replace and requires nothing to be left over; a gap between pairs,
  // or trailing junk, makes the header malformed. Like it, we keep scanning after a bad pair and
  // report the last specific problem found, falling back to a generic message for gaps.
  const attributes: Partial<Record<AttributeName, string>> = {};
  let problem = '';
  let malformed = false;
  let covered = 0;
  for (const match of attributesText.matchAll(ATTRIBUTE_PAIR)) {
    if (match.index !== covered) malformed = true;
    covered = match.index + match[0].length;
    const name = match[1] ?? '';
    const value = match[2] ?? '';
    if (!isAttributeName(name)) {
      problem = `Unknown attribute: ${name}`;
    } else if (!ATTRIBUTE_VALUE.test(value)) {
      problem = `Bad attribute value: ${name}`;
    } else if (attributes[name] !== undefined) {
      problem = `Duplicate attribute: ${name}`;
    } else {
      attributes[name] = value;
    }
  }
  if (covered !== attributesText.length) malformed = true;
  if (problem || malformed) {
    return { ok: false, reason: 'bad-header', message: problem || 'Bad header format' };
  }

  const { id, ts, nonce, mac } = attributes;
  if (!id || !ts || !nonce || !mac) {
    return { ok: false, reason: 'bad-header', message: 'Missing attributes' };
  }
  return { ok: true, attributes: { ...attributes, id, ts, nonce, mac } };
}

// ---------------------------------------------------------------------------------------------
// Normalized string and MACs

/** Everything a request MAC covers: the header's attributes plus where the request was sent. */
export interface HawkArtifacts extends HawkAttributes {
  method: string;
  /** Path and query exactly as received. */
  resource: string;
  /** Host name without port. */
  host: string;
  port: number;
}

type MacType = 'header' | 'response';

/** The text Hawk MACs: `hawk.1.<type>\n` then one line per field, as `generateNormalizedString`. */
export function hawkNormalizedString(
  type: MacType,
  a: Pick<HawkArtifacts, 'ts' | 'nonce' | 'method' | 'resource' | 'host' | 'port' | 'hash' | 'ext' | 'app' | 'dlg'>,
): string {
  // ext may hold anything the client chose; escaping keeps it on one line of the normalized string.
  const ext = a.ext ? a.ext.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : '';
  let normalized =
    `hawk.${HAWK_VERSION}.${type}\n${a.ts}\n${a.nonce}\n${a.method.toUpperCase()}\n${a.resource}\n` +
    `${a.host.toLowerCase()}\n${a.port}\n${a.hash ?? ''}\n${ext}\n`;
  if (a.app) normalized += `${a.app}\n${a.dlg ?? ''}\n`;
  return normalized;
}

function hmacBase64(key: string, text: string): string {
  // The key is used as a UTF-8 string, never hex-decoded: that is what Hawk clients do.
  return createHmac(ALGORITHM, key).update(text, 'utf8').digest('base64');
}

/** `hawk.1.payload\n<media type>\n<body>\n`, sha256, base64. Parameters such as charset are not hashed. */
export function hawkPayloadHash(contentType: string, body: string | Buffer): string {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return createHash(ALGORITHM)
    .update(`hawk.${HAWK_VERSION}.payload\n${mediaType}\n`)
    .update(body)
    .update('\n')
    .digest('base64');
}

/** The `tsm` of a stale-timestamp challenge: proves the server's clock reading comes from the key holder. */
export function hawkTimestampMac(key: string, tsSec: number): string {
  return hmacBase64(key, `hawk.${HAWK_VERSION}.ts\n${tsSec}\n`);
}

/** Constant-time for equal lengths; a length mismatch may return early (lengths are not secret). */
function safeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

// ---------------------------------------------------------------------------------------------
// Verification

export type HawkFailureReason =
  | 'missing'
  | 'unsupported'
  | 'bad-header'
  | 'unknown-credentials'
  | 'bad-mac'
  | 'bad-payload-hash'
  | 'missing-payload-hash'
  | 'stale';

export interface HawkFailure {
  ok: false;
  reason: HawkFailureReason;
  /** The reference library's message ('Bad mac', 'Stale timestamp', …); never contains a secret. */
  message: string;
  /** Value for the response's WWW-Authenticate header. */
  wwwAuthenticate: string;
}

export interface HawkSuccess<C extends { key: string }> {
  ok: true;
  id: string;
  artifacts: HawkArtifacts;
  /** Whatever `credentialsLookup` returned, so callers can carry their own data (e.g. the user). */
  credentials: C;
}

export interface HawkRequestInput<C extends { key: string }> {
  /** The `Authorization` header, if any. */
  header: string | undefined;
  method: string;
  /** Path and query as received (origin-form request target), not re-encoded. */
  url: string;
  /** Host name the client addressed, without port. */
  host: string;
  port: number;
  /**
   * Resolves a Hawk id to its key; `null` when unknown. A rejection propagates (it is a server fault). Given the
   * parsed attributes too, so that it can record the request's nonce in the same store round trip.
   */
  credentialsLookup: (id: string, attributes: HawkAttributes) => Promise<C | null>;
  /** The caller's clock reading, taken when the request arrived. */
  nowMs: number;
  /** Allowed clock difference either way, in seconds. Defaults to 60. */
  skewSec?: number;
  /**
   * The raw body, whenever the request had one. Checked against the `hash` attribute when the client
   * sent one. Without a body there is nothing for a hash to protect, so a sent hash is then ignored
   * (as the reference does when not given a payload).
   */
  payload?: { contentType: string; body: string | Buffer };
  /** Refuse a request that has a payload but no `hash` attribute. Off by default: Loop clients may omit it. */
  requirePayloadHash?: boolean;
  /**
   * Timestamps before this instant (ms) are stale whatever the skew: the replay cache does not know the nonces
   * of requests signed earlier (an in-memory cache after a restart). Answered like any stale timestamp.
   */
  minTimestampMs?: number;
}

/** The WWW-Authenticate challenge: bare `Hawk` when no Hawk was attempted, otherwise with `error`. */
function challenge(message: string | null, attributes: Record<string, string> = {}): string {
  const pairs = Object.entries(attributes).map(([name, value]) => `${name}="${escapeQuoted(value)}"`);
  if (message) pairs.push(`error="${escapeQuoted(message)}"`);
  return pairs.length > 0 ? `Hawk ${pairs.join(', ')}` : 'Hawk';
}

function escapeQuoted(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function fail(reason: HawkFailureReason, message: string, attributes?: Record<string, string>): HawkFailure {
  const silent = reason === 'missing' || reason === 'unsupported';
  return { ok: false, reason, message, wwwAuthenticate: challenge(silent ? null : message, attributes) };
}

/**
 * Verifies a Hawk-signed request. Resolves to a failure value rather than throwing for every client
 * error; only a failing `credentialsLookup` (or credentials without a key) rejects.
 */
export async function verifyHawkRequest<C extends { key: string }>(
  input: HawkRequestInput<C>,
): Promise<HawkSuccess<C> | HawkFailure> {
  const parsed = parseHawkHeader(input.header);
  if (!parsed.ok) {
    if (parsed.reason === 'bad-header') return fail('bad-header', parsed.message);
    return fail(parsed.reason === 'missing' ? 'missing' : 'unsupported', parsed.message);
  }
  const attributes = parsed.attributes;
  // Object.assign, not `{ ...attributes, method, … }`: on Node 20 a spread followed by new properties costs
  // over a microsecond per property (docs/performance.md).
  const artifacts: HawkArtifacts = Object.assign({}, attributes, {
    method: input.method,
    resource: input.url,
    host: input.host,
    port: input.port,
  });

  const credentials = await input.credentialsLookup(attributes.id, attributes);
  if (!credentials) return fail('unknown-credentials', 'Unknown credentials');
  if (!credentials.key) {
    // An empty key would let anyone sign: a server-side bug, not a client error.
    throw new Error('Hawk credentials lookup returned credentials without a key');
  }

  const expectedMac = hmacBase64(credentials.key, hawkNormalizedString('header', artifacts));
  if (!safeEqual(expectedMac, attributes.mac)) return fail('bad-mac', 'Bad mac');

  if (input.payload) {
    if (attributes.hash !== undefined) {
      const expectedHash = hawkPayloadHash(input.payload.contentType, input.payload.body);
      if (!safeEqual(expectedHash, attributes.hash)) return fail('bad-payload-hash', 'Bad payload hash');
    } else if (input.requirePayloadHash) {
      return fail('missing-payload-hash', 'Missing required payload hash');
    }
  }

  // Unlike the reference, a ts that is not a number is stale rather than accepted (NaN compares false
  // there, so `ts="x"` passes); either way it is inside the MAC, so only the key holder can send it.
  const skewMs = (input.skewSec ?? DEFAULT_SKEW_SEC) * 1000;
  const tsMs = Number(attributes.ts) * 1000;
  if (!Number.isFinite(tsMs) || Math.abs(tsMs - input.nowMs) > skewMs || tsMs < (input.minTimestampMs ?? 0)) {
    const nowSec = Math.floor(input.nowMs / 1000);
    return fail('stale', 'Stale timestamp', {
      ts: String(nowSec),
      tsm: hawkTimestampMac(credentials.key, nowSec),
    });
  }

  return { ok: true, id: attributes.id, artifacts, credentials };
}

/**
 * A request's replay-cache entry within its credentials' cache (the caller scopes it to the session). With
 * `ts` first, the text is unambiguous once `ts` is known numeric (no `:`); before verification it is only
 * looked up, never trusted.
 */
export function hawkNonce(attributes: Pick<HawkAttributes, 'ts' | 'nonce'>): string {
  return `${attributes.ts}:${attributes.nonce}`;
}

// ---------------------------------------------------------------------------------------------
// Response signing

/**
 * The `Server-Authorization` header for a response to a verified request: a `response` MAC over the
 * request's ts, nonce, method, resource, host and port, without a payload hash (as the reference
 * `server.header` with no payload). `ext` must use only the characters a Hawk attribute allows,
 * so that clients can parse it back.
 */
export function serverAuthorizationHeader(
  artifacts: HawkArtifacts,
  credentials: { key: string },
  opts: { ext?: string } = {},
): string {
  const ext = opts.ext || undefined;
  if (ext !== undefined && !ATTRIBUTE_VALUE.test(ext)) {
    throw new TypeError('Server-Authorization ext contains characters a Hawk attribute cannot carry');
  }
  const { ts, nonce, method, resource, host, port, app, dlg } = artifacts;
  const mac = hmacBase64(
    credentials.key,
    hawkNormalizedString('response', { ts, nonce, method, resource, host, port, app, dlg, ext }),
  );
  return ext === undefined ? `Hawk mac="${mac}"` : `Hawk mac="${mac}", ext="${ext}"`;
}
