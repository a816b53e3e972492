import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateVapidKeys, vapidKeysProblem, type VapidKeys } from '../crypto/vapid-keys.ts';
import { ConfigError } from './load.ts';

/** Keys the server needs and must keep across restarts: losing one invalidates every session or link. */
export interface Secrets {
  /** Keys the HMAC under which Hawk ids are stored. */
  hawkIdSecret: string;
  /** Keys the HMAC of user identities. */
  userMacSecret: string;
  /** Signs the built-in provider's participant tokens. */
  builtinProviderSecret: string;
  /** VAPID key pair that signs Web Push requests; the public half is what browsers subscribe with. */
  vapidPublicKey: string;
  vapidPrivateKey: string;
}

type HexSecret = Exclude<keyof Secrets, 'vapidPublicKey' | 'vapidPrivateKey'>;
const HEX_SECRET_ENV: Record<HexSecret, string> = {
  hawkIdSecret: 'LOOP_HAWK_ID_SECRET',
  userMacSecret: 'LOOP_USER_MAC_SECRET',
  builtinProviderSecret: 'LOOP_BUILTIN_PROVIDER_SECRET',
};
const VAPID_ENV = { vapidPublicKey: 'LOOP_VAPID_PUBLIC_KEY', vapidPrivateKey: 'LOOP_VAPID_PRIVATE_KEY' } as const;
const SECRET_ENV: Record<keyof Secrets, string> = { ...HEX_SECRET_ENV, ...VAPID_ENV };
const HEX_SECRET_NAMES = Object.keys(HEX_SECRET_ENV) as HexSecret[];
export const SECRET_NAMES = Object.keys(SECRET_ENV) as (keyof Secrets)[];
export const SECRET_ENV_NAMES = Object.values(SECRET_ENV);

const HEX_32_OR_MORE = /^[0-9a-f]{32,}$/i;

function readSecretsFile(file: string): Partial<Secrets> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError([`LOOP_SECRETS_FILE: cannot read ${file} (${(error as Error).message})`]);
  }
}

/** Write-then-rename, so a crash never leaves a half-written secrets file behind. */
function writeSecretsFile(file: string, secrets: Partial<Secrets>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/**
 * Secrets come from the environment when set, else from the secrets file; any still missing are generated
 * with strong randomness and saved (mode 0600). Values are never logged or echoed in errors.
 */
export function loadSecrets(secretsFile: string, env: Record<string, string | undefined> = process.env): Secrets {
  const stored = readSecretsFile(secretsFile);
  const problems: string[] = [];
  const result = {} as Secrets;
  let generated = false;
  for (const name of HEX_SECRET_NAMES) {
    const fromEnv = env[SECRET_ENV[name]];
    const value = fromEnv ?? stored[name];
    if (value === undefined) {
      result[name] = randomBytes(32).toString('hex');
      generated = true;
    } else if (!HEX_32_OR_MORE.test(value)) {
      problems.push(
        `${fromEnv !== undefined ? SECRET_ENV[name] : `${name} in ${secretsFile}`}: must be at least 16 bytes of hex`,
      );
    } else {
      result[name] = value;
    }
  }
  const vapid = vapidKeys(stored, env, secretsFile, problems);
  if (vapid === 'generate') {
    Object.assign(result, toSecretFields(generateVapidKeys()));
    generated = true;
  } else if (vapid) {
    Object.assign(result, toSecretFields(vapid));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (generated) {
    // Persist generated and previously stored values only: a secret given through the environment stays out of the file.
    const toStore: Partial<Secrets> = { ...stored };
    for (const name of SECRET_NAMES) if (env[SECRET_ENV[name]] === undefined) toStore[name] = result[name];
    writeSecretsFile(secretsFile, toStore);
  }
  return result;
}

const toSecretFields = (keys: VapidKeys) => ({ vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey });

/**
 * The VAPID pair comes whole from the environment or whole from the file: half a pair from each could
 * never sign for the key browsers subscribed with. 'generate' when neither has it.
 */
function vapidKeys(
  stored: Partial<Secrets>,
  env: Record<string, string | undefined>,
  secretsFile: string,
  problems: string[],
): VapidKeys | 'generate' | null {
  const fromEnv = { publicKey: env[VAPID_ENV.vapidPublicKey], privateKey: env[VAPID_ENV.vapidPrivateKey] };
  const inEnv = fromEnv.publicKey !== undefined || fromEnv.privateKey !== undefined;
  const source = inEnv
    ? `${VAPID_ENV.vapidPublicKey}/${VAPID_ENV.vapidPrivateKey}`
    : `vapidPublicKey/vapidPrivateKey in ${secretsFile}`;
  const keys = inEnv ? fromEnv : { publicKey: stored.vapidPublicKey, privateKey: stored.vapidPrivateKey };
  if (keys.publicKey === undefined && keys.privateKey === undefined) return 'generate';
  if (keys.publicKey === undefined || keys.privateKey === undefined) {
    problems.push(`${source}: set both keys of the pair, or neither`);
    return null;
  }
  const problem = vapidKeysProblem({ publicKey: keys.publicKey, privateKey: keys.privateKey });
  if (problem) {
    problems.push(`${source}: ${problem}`);
    return null;
  }
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}
