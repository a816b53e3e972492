/**
 * OPENTOK_CHANNELS (spec §10): several OpenTok credential sets, chosen per request by its `channel`.
 * Problems name the channel and the field, never a value: the map holds secrets.
 */
import { httpUrlOrNull, namedEntries } from './parsers.ts';

export interface OpenTokCredentials {
  apiKey: string;
  apiSecret: string;
  /** Overrides OPENTOK_API_URL for this channel. */
  apiUrl?: string;
}
export type OpenTokChannels = Record<string, OpenTokCredentials>;

/** `{"<channel>": {"apiKey": "…", "apiSecret": "…", "apiUrl": "…"}}` (apiUrl optional); empty: none. */
export const parseOpenTokChannels = namedEntries<OpenTokCredentials>({
  what: 'channel',
  keys: ['apiKey', 'apiSecret', 'apiUrl'],
  problemsOf: (entry) => [
    ...['apiKey', 'apiSecret']
      .filter((key) => typeof entry[key] !== 'string' || entry[key].trim() === '')
      .map((key) => `needs a non-empty ${key}`),
    ...(entry.apiUrl !== undefined && httpUrlOrNull(entry.apiUrl) === null ? ['apiUrl must be an http(s) URL'] : []),
  ],
  build: (entry) => {
    const { apiKey, apiSecret } = entry as unknown as OpenTokCredentials;
    const apiUrl = httpUrlOrNull(entry.apiUrl);
    return { apiKey: apiKey.trim(), apiSecret, ...(apiUrl ? { apiUrl } : {}) };
  },
});
