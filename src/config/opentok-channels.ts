/**
 * OPENTOK_CHANNELS (spec §10): several OpenTok credential sets, chosen per request by its `channel`.
 * Problems name the channel and the field, never a value: the map holds secrets.
 */
export interface OpenTokCredentials {
  apiKey: string;
  apiSecret: string;
  /** Overrides OPENTOK_API_URL for this channel. */
  apiUrl?: string;
}
export type OpenTokChannels = Record<string, OpenTokCredentials>;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ALLOWED_KEYS = new Set(['apiKey', 'apiSecret', 'apiUrl']);

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function channelProblems(name: string, value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`channel "${name}" must be an object`];
  const problems: string[] = [];
  const entry = value as Record<string, unknown>;
  for (const key of Object.keys(entry))
    if (!ALLOWED_KEYS.has(key)) problems.push(`channel "${name}" has an unknown key "${key}"`);
  for (const key of ['apiKey', 'apiSecret']) {
    if (typeof entry[key] !== 'string' || (entry[key] as string).trim() === '')
      problems.push(`channel "${name}" needs a non-empty ${key}`);
  }
  if (entry.apiUrl !== undefined && (typeof entry.apiUrl !== 'string' || !isHttpUrl(entry.apiUrl)))
    problems.push(`channel "${name}" apiUrl must be an http(s) URL`);
  return problems;
}

export function parseOpenTokChannels(raw: string): Parsed<OpenTokChannels> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.trim() === '' ? '{}' : raw);
  } catch {
    return { ok: false, problem: 'must be a JSON object' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, problem: 'must be a JSON object' };
  const problems = Object.entries(parsed).flatMap(([name, value]) => channelProblems(name, value));
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  const channels: OpenTokChannels = {};
  for (const [name, value] of Object.entries(parsed as Record<string, OpenTokCredentials>)) {
    channels[name] = {
      apiKey: value.apiKey.trim(),
      apiSecret: value.apiSecret,
      ...(value.apiUrl ? { apiUrl: value.apiUrl.replace(/\/+$/, '') } : {}),
    };
  }
  return { ok: true, value: channels };
}
