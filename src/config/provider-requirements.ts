import { DEFAULT_JANUS } from './janus-instances.ts';
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
  const problems = requirementsOf(config.provider, 'LOOP_PROVIDER', config);
  if (config.sfuProvider && config.sfuProvider !== config.provider)
    problems.push(...requirementsOf(config.sfuProvider, 'LOOP_SFU_PROVIDER', config));
  return problems;
}

function requirementsOf(provider: Config['provider'] | undefined, setting: string, config: Partial<Config>): string[] {
  switch (provider) {
    case 'opentok': {
      const fromChannels = config.opentokChannels?.default !== undefined;
      const fromSettings = Boolean(config.opentokApiKey || config.opentokApiSecret);
      if (fromChannels && fromSettings) {
        return [
          `${setting}=opentok: the default channel is given twice (OPENTOK_API_KEY/OPENTOK_API_SECRET and OPENTOK_CHANNELS.default); keep one`,
        ];
      }
      if (fromChannels) return [];
      const missing = empty([
        ['OPENTOK_API_KEY', config.opentokApiKey],
        ['OPENTOK_API_SECRET', config.opentokApiSecret],
      ]);
      return missing.length > 0
        ? [`${setting}=opentok needs ${missing.join(', ')} (or a "default" entry in OPENTOK_CHANNELS)`]
        : [];
    }
    case 'livekit': {
      const missing = empty([
        ['LIVEKIT_URL', config.livekitUrl],
        ['LIVEKIT_API_KEY', config.livekitApiKey],
        ['LIVEKIT_API_SECRET', config.livekitApiSecret],
      ]);
      return missing.length > 0 ? [`${setting}=livekit needs ${missing.join(', ')}`] : [];
    }
    case 'janus': {
      const instances = Object.keys(config.janusInstances ?? {}).length > 0;
      if (instances && config.janusUrl !== '' && config.janusInstances?.[DEFAULT_JANUS])
        return [
          `${setting}=janus: the "${DEFAULT_JANUS}" Janus is given twice (JANUS_URL and JANUS_INSTANCES); keep one`,
        ];
      const missing = empty([
        // Several Janus servers may be listed in JANUS_INSTANCES instead of the single one of JANUS_URL.
        ...(instances && config.janusUrl === ''
          ? []
          : ([
              ['JANUS_URL', config.janusUrl],
              ['JANUS_ADMIN_URL', config.janusAdminUrl],
            ] as Array<[string, string | undefined]>)),
        ['JANUS_API_SECRET', config.janusApiSecret],
        ['JANUS_ADMIN_SECRET', config.janusAdminSecret],
      ]);
      return missing.length > 0 ? [`${setting}=janus needs ${missing.join(', ')}`] : [];
    }
    default:
      return [];
  }
}
