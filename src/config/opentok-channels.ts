/**
 * OPENTOK_CHANNELS (spec §10): several OpenTok credential sets, chosen per request by its `channel`.
 * Problems name the channel and the field, never a value: the map holds secrets.
 */
import { httpUrl, namedEntries } from './parsers.ts';

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
    ...(entry.apiUrl !== undefined && (typeof entry.apiUrl !== 'string' || !httpUrl(entry.apiUrl).ok)
      ? ['apiUrl must be an http(s) URL']
      : []),
  ],
  build: (entry) => {
    const { apiKey, apiSecret, apiUrl } = entry as unknown as OpenTokCredentials;
    return { apiKey: apiKey.trim(), apiSecret, ...(apiUrl ? { apiUrl: apiUrl.replace(/\/+$/, '') } : {}) };
  },
});
