/**
 * Several Janus servers (`JANUS_INSTANCES`), beside or instead of the single one of `JANUS_URL` /
 * `JANUS_ADMIN_URL` / `JANUS_PUBLIC_URL`, which is the instance named `default`. Each call or room is pinned
 * to one instance, whose name its session id carries (`janus_<room>_<size>_<name>`; none for `default`,
 * so the session ids made before this setting existed still name their Janus): every Loop instance must
 * therefore give every Janus the same name. The API and admin secrets are shared by all of them.
 */
import type { Config } from './schema.ts';

export interface JanusInstanceSettings {
  /** The HTTP API as Loop reaches it. */
  url: string;
  /** The admin API. */
  adminUrl: string;
  /** The HTTP API as browsers reach it; empty: `url`. */
  publicUrl: string;
}
export type JanusInstances = Record<string, JanusInstanceSettings>;

/** The instance of the single-server settings; its session ids carry no name. */
export const DEFAULT_JANUS = 'default';
/** Names end a session id after an `_`: lower-case letters, digits and `-`, at most 32. */
export const JANUS_NAME = /^[a-z0-9-]{1,32}$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
const KEYS = new Set(['url', 'adminUrl', 'publicUrl']);

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return ['http:', 'https:'].includes(new URL(value.trim()).protocol) ? value.trim().replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

function entryProblems(name: string, value: unknown): string[] {
  if (!JANUS_NAME.test(name)) return [`instance "${name}": a name is 1 to 32 of a-z, 0-9 and -`];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`instance "${name}" must be an object`];
  const entry = value as Record<string, unknown>;
  const problems = Object.keys(entry)
    .filter((key) => !KEYS.has(key))
    .map((key) => `instance "${name}" has an unknown key "${key}"`);
  for (const key of ['url', 'adminUrl'])
    if (httpUrl(entry[key]) === null) problems.push(`instance "${name}" needs ${key}, an http(s) URL`);
  if (entry.publicUrl !== undefined && httpUrl(entry.publicUrl) === null)
    problems.push(`instance "${name}" publicUrl must be an http(s) URL`);
  return problems;
}

/** `{"<name>": {"url": "…", "adminUrl": "…", "publicUrl": "…"}}` (publicUrl optional); empty: none. */
export function parseJanusInstances(raw: string): Parsed<JanusInstances> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.trim() === '' ? '{}' : raw);
  } catch {
    return { ok: false, problem: 'must be a JSON object' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, problem: 'must be a JSON object' };
  const problems = Object.entries(parsed).flatMap(([name, value]) => entryProblems(name, value));
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  const instances: JanusInstances = {};
  for (const [name, value] of Object.entries(parsed as Record<string, Record<string, unknown>>)) {
    instances[name] = {
      url: httpUrl(value.url) ?? '',
      adminUrl: httpUrl(value.adminUrl) ?? '',
      publicUrl: httpUrl(value.publicUrl) ?? '',
    };
  }
  return { ok: true, value: instances };
}

type JanusConfig = Pick<Config, 'janusUrl' | 'janusAdminUrl' | 'janusPublicUrl' | 'janusInstances'>;

/** Every configured Janus by name: `default` from the single-server settings when set, then JANUS_INSTANCES. */
export function janusInstancesOf(config: JanusConfig): JanusInstances {
  const single: JanusInstances =
    config.janusUrl !== ''
      ? {
          [DEFAULT_JANUS]: {
            url: config.janusUrl,
            adminUrl: config.janusAdminUrl,
            publicUrl: config.janusPublicUrl,
          },
        }
      : {};
  return { ...single, ...config.janusInstances };
}
