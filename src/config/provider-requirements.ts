import type { Config } from './schema.ts';

/** Names of the settings that are empty; a setting that failed to parse (undefined) is reported elsewhere. */
function empty(settings: ReadonlyArray<[string, string | undefined]>): string[] {
  return settings.filter(([, value]) => value === '').map(([name]) => name);
}

/**
 * What the chosen provider cannot start without. Checked beside the per-setting problems, so one
 * start-up message lists everything that is missing.
 */
export function providerProblems(config: Partial<Config>): string[] {
  switch (config.provider) {
    case 'opentok': {
      const fromChannels = config.opentokChannels?.default !== undefined;
      const fromSettings = Boolean(config.opentokApiKey || config.opentokApiSecret);
      if (fromChannels && fromSettings) {
        return [
          'LOOP_PROVIDER=opentok: the default channel is given twice (OPENTOK_API_KEY/OPENTOK_API_SECRET and OPENTOK_CHANNELS.default); keep one',
        ];
      }
      if (fromChannels) return [];
      const missing = empty([
        ['OPENTOK_API_KEY', config.opentokApiKey],
        ['OPENTOK_API_SECRET', config.opentokApiSecret],
      ]);
      return missing.length > 0
        ? [`LOOP_PROVIDER=opentok needs ${missing.join(', ')} (or a "default" entry in OPENTOK_CHANNELS)`]
        : [];
    }
    case 'livekit': {
      const missing = empty([
        ['LIVEKIT_URL', config.livekitUrl],
        ['LIVEKIT_API_KEY', config.livekitApiKey],
        ['LIVEKIT_API_SECRET', config.livekitApiSecret],
      ]);
      return missing.length > 0 ? [`LOOP_PROVIDER=livekit needs ${missing.join(', ')}`] : [];
    }
    default:
      return [];
  }
}
