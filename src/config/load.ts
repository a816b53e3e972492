import { readFileSync } from 'node:fs';
import { providerProblems } from './provider-requirements.ts';
import { CONFIG_FILE_ENV, SETTINGS, type Config } from './schema.ts';
import { parseStoreUrl } from './store-url.ts';

/** Thrown when the configuration is invalid; `problems` lists every one, so the operator fixes all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Source = Record<string, string | undefined>;

function readConfigFile(file: string, problems: string[]): Source {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`${CONFIG_FILE_ENV}: ${file} must hold a JSON object of settings`);
      return {};
    }
    const known = new Set(SETTINGS.map((s) => s.env));
    const source: Source = {};
    for (const [name, value] of Object.entries(parsed)) {
      if (!known.has(name)) problems.push(`${CONFIG_FILE_ENV}: unknown setting ${name} in ${file}`);
      else source[name] = Array.isArray(value) ? value.join(',') : String(value);
    }
    return source;
  } catch (error) {
    problems.push(`${CONFIG_FILE_ENV}: cannot read ${file} (${(error as Error).message})`);
    return {};
  }
}

const SIGN_IN_SETTINGS = [
  ['oidcIssuer', 'LOOP_OIDC_ISSUER'],
  ['oidcClientId', 'LOOP_OIDC_CLIENT_ID'],
  ['oidcClientSecret', 'LOOP_OIDC_CLIENT_SECRET'],
  ['oidcRedirectUri', 'LOOP_OIDC_REDIRECT_URI'],
] as const;

/** Sign-in is all or nothing: half a configuration is a mistake to report, not a sign-in that fails later. */
function problemOfSignIn(config: Config): string | null {
  const missing = SIGN_IN_SETTINGS.filter(([key]) => config[key] === null).map(([, env]) => env);
  if (missing.length === 0 || missing.length === SIGN_IN_SETTINGS.length) return null;
  return `sign-in needs ${SIGN_IN_SETTINGS.map(([, env]) => env).join(', ')} together; missing: ${missing.join(', ')}`;
}

/**
 * Builds the configuration from the environment, over an optional JSON file named by LOOP_CONFIG whose
 * keys are the same variable names. Environment wins over the file; defaults fill the rest.
 */
export function loadConfig(env: Source = process.env): Config {
  const problems: string[] = [];
  const fileName = env[CONFIG_FILE_ENV];
  const file = fileName ? readConfigFile(fileName, problems) : {};
  const resolved: Partial<Config> = {};
  for (const setting of SETTINGS) {
    const raw = env[setting.env] ?? file[setting.env] ?? setting.defaultValue(resolved);
    const parsed = setting.parse(raw);
    if (parsed.ok) (resolved as Record<string, unknown>)[setting.key] = parsed.value;
    else problems.push(`${setting.env}=${setting.secret ? '(hidden)' : JSON.stringify(raw)}: ${parsed.problem}`);
  }
  problems.push(...providerProblems(resolved));
  const config = resolved as Config;
  if (problems.length === 0 && config.callUrlTimeoutHours > config.callUrlMaxTimeoutHours) {
    problems.push('LOOP_CALL_URL_TIMEOUT_HOURS must not exceed LOOP_CALL_URL_MAX_TIMEOUT_HOURS');
  }
  if (problems.length === 0 && config.sessionDurationSec < config.callUrlMaxTimeoutHours * 3600) {
    problems.push(
      'LOOP_SESSION_DURATION_SECONDS must be at least LOOP_CALL_URL_MAX_TIMEOUT_HOURS hours, or links outlive their owner',
    );
  }
  if (problems.length === 0 && config.turnUrls.length > 0 && config.turnSecret === '') {
    problems.push(
      "LOOP_TURN_URLS needs LOOP_TURN_SECRET (the TURN server's static-auth-secret): without it no TURN credential can be made",
    );
  }
  if (problems.length === 0 && config.allowInsecurePush && !config.allowPrivatePush) {
    problems.push(
      'LOOP_ALLOW_INSECURE_PUSH=true admits http:// only on the loopback address, which needs LOOP_ALLOW_PRIVATE_PUSH=true too',
    );
  }
  if (problems.length === 0) {
    const signIn = problemOfSignIn(config);
    if (signIn) problems.push(signIn);
  }
  const timersSec =
    problems.length === 0 ? config.timerSupervisorySec + config.timerRingingSec + config.timerConnectionSec : 0;
  if (problems.length === 0 && config.callDurationSec < timersSec) {
    problems.push(
      `LOOP_CALL_DURATION_SECONDS (${config.callDurationSec}) must be at least LOOP_TIMER_SUPERVISORY + LOOP_TIMER_RINGING + ` +
        `LOOP_TIMER_CONNECTION (${timersSec}), or a call record expires before its timers can end it`,
    );
  }
  const store = problems.length === 0 ? parseStoreUrl(config.storeUrl) : null;
  if (config.workers > 1 && store?.ok && store.target.kind === 'sqlite') {
    problems.push(
      `LOOP_WORKERS=${config.workers} needs a Redis LOOP_STORE_URL: SQLite mode is one process per database file ` +
        '(its Hawk replay cache lives in that process); use LOOP_WORKERS=1 or Redis',
    );
  }
  if (config.workers > 1 && store?.ok && store.target.kind !== 'sqlite' && !config.pubsubUrl) {
    problems.push(
      `LOOP_WORKERS=${config.workers} needs LOOP_PUBSUB_URL: the workers are instances, and websocket events ` +
        'travel between them over Redis pub/sub',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
