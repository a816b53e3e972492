/**
 * The value parsers settings are read with: each turns the raw text of an environment variable (or of the
 * JSON config file) into a typed value, or into a problem worded for the operator.
 */
import { isIP } from 'node:net';
import { iceUrlProblem } from './ice-urls.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = (problem: string): Parsed<never> => ({ ok: false, problem });

export function integer(min: number, max: number) {
  return (raw: string): Parsed<number> => {
    const n = Number(raw);
    return /^-?\d+$/.test(raw.trim()) && n >= min && n <= max ? ok(n) : bad(`must be an integer from ${min} to ${max}`);
  };
}
export function positiveNumber(raw: string): Parsed<number> {
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) && n > 0 ? ok(n) : bad('must be a positive number');
}
/** A positive number up to `max`: for durations handed to setTimeout, which fires at once past 2^31 ms. */
export function positiveNumberUpTo(max: number): (raw: string) => Parsed<number> {
  return (raw) => {
    const parsed = positiveNumber(raw);
    return parsed.ok && parsed.value > max ? bad(`must be a positive number up to ${max}`) : parsed;
  };
}
export function nonEmpty(raw: string): Parsed<string> {
  return raw.trim() ? ok(raw.trim()) : bad('must not be empty');
}
export function httpUrl(raw: string): Parsed<string> {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('must be an http(s) URL');
    return ok(raw.replace(/\/+$/, ''));
  } catch {
    return bad('must be an absolute URL');
  }
}
/** For values inside a JSON setting: the URL (trimmed, trailing slashes dropped) when `value` is an http(s) one. */
export function httpUrlOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const checked = httpUrl(value.trim());
  return checked.ok ? checked.value : null;
}

/** An optional setting parsed by `parse` when given: empty means null ("not set"). */
export function orNull<T>(parse: (raw: string) => Parsed<T>) {
  return (raw: string): Parsed<T | null> => (raw.trim() === '' ? ok(null) : parse(raw));
}
/** An issuer URL kept exactly as written: `iss` claims are compared as strings, trailing slash included. */
export function issuerUrl(raw: string): Parsed<string> {
  const checked = httpUrl(raw.trim());
  return checked.ok ? ok(raw.trim()) : checked;
}
export function list(raw: string): Parsed<string[]> {
  return ok(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}
export function boolean(raw: string): Parsed<boolean> {
  if (/^(true|1|yes|on)$/i.test(raw)) return ok(true);
  if (/^(false|0|no|off|)$/i.test(raw)) return ok(false);
  return bad('must be true or false (or on/off)');
}
/** Optional text: empty means "not set" (whether it is required depends on LOOP_PROVIDER, see provider-requirements.ts). */
export function optional(raw: string): Parsed<string> {
  return ok(raw.trim());
}
export function optionalUrl(protocols: readonly string[]) {
  return (raw: string): Parsed<string> => {
    if (raw.trim() === '') return ok('');
    try {
      const url = new URL(raw.trim());
      return protocols.includes(url.protocol)
        ? ok(raw.trim().replace(/\/+$/, ''))
        : bad(`must be a ${protocols.map((p) => p.replace(':', '')).join('/')} URL`);
    } catch {
      return bad('must be an absolute URL');
    }
  };
}
export function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string): Parsed<T> =>
    values.includes(raw as T) ? ok(raw as T) : bad(`must be one of: ${values.join(', ')}`);
}
/** RFC 8292 §2.1: the `sub` claim is a `mailto:` or `https:` URI where the push service can reach the operator. */
export function vapidSubject(raw: string): Parsed<string> {
  const value = raw.trim();
  if (/^mailto:[^@\s]+@[^@\s]+$/.test(value)) return ok(value);
  try {
    if (new URL(value).protocol === 'https:') return ok(value);
  } catch {
    // fall through
  }
  return bad('must be a mailto: address or an https: URL');
}
export function pubsubUrl(raw: string): Parsed<string> {
  const value = raw.trim();
  if (value === '') return ok('');
  try {
    const url = new URL(value);
    if (url.protocol === 'redis:' || url.protocol === 'rediss:') return ok(value);
  } catch {
    // reported below
  }
  return bad('must be empty (one instance) or a redis:// or rediss:// URL');
}
export function iceUrls(raw: string): Parsed<string[]> {
  const urls = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const problems = urls.map(iceUrlProblem).filter((p) => p !== null);
  return problems.length === 0 ? ok(urls) : bad(problems.join('; '));
}

/** An IP address, or a CIDR block of one (`10.0.0.0/8`, `fd00::/8`). */
function addressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies' `X-Forwarded-For` to believe, as Fastify's `trustProxy` takes it: `true` (any, for a server
 * reachable only through its proxy), `false` (none), or a comma-separated list of addresses and CIDR blocks.
 */
export function trustedProxies(raw: string): Parsed<boolean | string[]> {
  const value = raw.trim();
  if (/^(true|false|1|0|yes|no|on|off|)$/i.test(value)) return boolean(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const badEntries = entries.filter((entry) => !addressOrCidr(entry));
  return badEntries.length === 0
    ? ok(entries)
    : bad(`must be true, false or a list of IP addresses or CIDR blocks (not: ${badEntries.join(', ')})`);
}

interface NamedEntriesSpec<T> {
  /** How a problem names an entry: `instance "east"`, `channel "beta"`. */
  what: string;
  /** The keys an entry may have; any other is a problem (a typo would otherwise be silently ignored). */
  keys: readonly string[];
  /** Why a name is refused, or null. */
  nameProblem?: (name: string) => string | null;
  /** An entry's problems, each worded to follow its name (`needs url, …`); never a value, which may be secret. */
  problemsOf: (entry: Record<string, unknown>) => string[];
  /** The entry, checked. */
  build: (entry: Record<string, unknown>) => T;
}

/**
 * A JSON object of named entries (`{"<name>": {…}}`, empty text: none), as JANUS_INSTANCES and
 * OPENTOK_CHANNELS take them. Every entry's problems are reported at once, so one restart fixes them all.
 */
export function namedEntries<T>(spec: NamedEntriesSpec<T>) {
  const keys = new Set(spec.keys);
  const problemsOf = (name: string, value: unknown): string[] => {
    const label = `${spec.what} "${name}"`;
    const nameProblem = spec.nameProblem?.(name);
    if (nameProblem) return [`${label}: ${nameProblem}`];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${label} must be an object`];
    const entry = value as Record<string, unknown>;
    return [
      ...Object.keys(entry)
        .filter((key) => !keys.has(key))
        .map((key) => `${label} has an unknown key "${key}"`),
      ...spec.problemsOf(entry).map((problem) => `${label} ${problem}`),
    ];
  };
  return (raw: string): Parsed<Record<string, T>> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.trim() === '' ? '{}' : raw);
    } catch {
      return bad('must be a JSON object');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad('must be a JSON object');
    const problems = Object.entries(parsed).flatMap(([name, value]) => problemsOf(name, value));
    if (problems.length > 0) return bad(problems.join('; '));
    return ok(
      Object.fromEntries(
        Object.entries(parsed as Record<string, Record<string, unknown>>).map(([name, entry]) => [
          name,
          spec.build(entry),
        ]),
      ),
    );
  };
}
