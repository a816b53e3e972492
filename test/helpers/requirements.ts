/**
 * What a test file needs from the machine, checked in one place. Outside CI a missing requirement skips the
 * tests that need it, with the reason printed; with CI=true it is a failing test, because CI promises to
 * provide it (`.ci/run` installs and starts Redis).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { it } from 'node:test';
import { Redis } from 'ioredis';
import { missingWebBundles } from '../../src/pages/assets.ts';
import { janusLibDir, machineIpv4 } from '../../tools/janus-server.ts';

export const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 } as const;

/** Sends PING over a raw socket: no client library, so a missing Redis produces no reconnect noise. */
export async function redisAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function commandExists(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns true when `missing` is null. Otherwise registers one test named after `what` that is skipped
 * with the reason (or fails with it when CI=true) and returns false, so the caller registers nothing else.
 */
function requirement(what: string, missing: string | null): boolean {
  if (missing === null) return true;
  if (process.env.CI === 'true') {
    void it(`${what}: requirement`, () => {
      throw new Error(`${missing} (CI=true: a missing requirement is a failure)`);
    });
  } else {
    process.stderr.write(`# skipping ${what}: ${missing}\n`);
    void it(`${what}: requirement`, { skip: missing }, () => {});
  }
  return false;
}

/** A Redis server answering on 127.0.0.1:6379. */
export async function requireRedis(what: string): Promise<boolean> {
  const up = await redisAnswers(LOCAL_REDIS.host, LOCAL_REDIS.port);
  return requirement(
    what,
    up ? null : `no Redis answers on ${LOCAL_REDIS.host}:${LOCAL_REDIS.port} (start one, e.g. \`redis-server\`)`,
  );
}

/** The redis-server and redis-cli binaries, for tests that start their own servers or a cluster. */
export function requireRedisBinaries(what: string): boolean {
  const missing = ['redis-server', 'redis-cli'].filter((command) => !commandExists(command));
  return requirement(
    what,
    missing.length === 0 ? null : `${missing.join(' and ')} not installed (Debian: apt-get install redis-server)`,
  );
}

/** A client of the local Redis on one DB number (each suite owns its numbers; see its brief). */
export function testRedis(db: number): Redis {
  return new Redis({ ...LOCAL_REDIS, db, maxRetriesPerRequest: 1 });
}

export function testRedisUrl(db: number): string {
  return `redis://${LOCAL_REDIS.host}:${LOCAL_REDIS.port}/${db}`;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's `chromium` (never a downloaded browser) and the built web app, for the tests in test/web. */
export function requireChromium(what: string): boolean {
  const missing = !existsSync(CHROMIUM_PATH)
    ? `${CHROMIUM_PATH} not found (Debian: apt-get install chromium)`
    : missingWebBundles().length > 0
      ? `the web app is not built (dist/web lacks ${missingWebBundles().join(', ')}: run \`npm run build:web\`)`
      : null;
  return requirement(what, missing);
}

/** Programs a test starts itself (nginx, turnserver, openssl ...), each with the Debian package that has it. */
export function requireBinaries(what: string, packageOf: Record<string, string>): boolean {
  const missing = Object.keys(packageOf).filter(
    (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0,
  );
  const packages = [...new Set(missing.map((command) => packageOf[command]))].join(' ');
  return requirement(
    what,
    missing.length === 0 ? null : `${missing.join(', ')} not installed (Debian: apt-get install ${packages})`,
  );
}

/** Passes `missing` through the same skip-or-fail rule (for requirements computed by the test file). */
export function requireThat(what: string, missing: string | null): boolean {
  return requirement(what, missing);
}

/**
 * Debian's `janus` with its VideoRoom plugin and HTTP transport, and a non-loopback IPv4 address for its ICE
 * (tools/janus-server.ts starts it from deploy/janus/). Returns that address, or null after
 * registering the skipped (or, under CI, failing) test.
 */
export function requireJanus(what: string): string | null {
  const address = machineIpv4();
  // `janus --version` exits 1 after printing the version: look the binary up instead.
  const missing =
    spawnSync('sh', ['-c', 'command -v janus'], { stdio: 'ignore' }).status !== 0
      ? 'janus not installed (Debian: apt-get install janus)'
      : janusLibDir() === null
        ? 'the Janus VideoRoom plugin or HTTP transport is not found (set JANUS_LIB_DIR)'
        : address === null
          ? 'no non-loopback IPv4 address for Janus ICE'
          : null;
  return requirement(what, missing) ? address : null;
}
