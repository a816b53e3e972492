/**
 * A real Loop server for tests: the composed app on a free port of 127.0.0.1, a fresh data directory,
 * the real SQLite store. Only the clock may be replaced. Push sinks live on 127.0.0.1, so private push
 * addresses are allowed unless a test sets LOOP_ALLOW_PRIVATE_PUSH=false.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { Clock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config/load.ts';
import { loadSecrets } from '../../src/config/secrets.ts';
import type { LoopDeps } from '../../src/deps.ts';
import { closeDeps, openDeps } from '../../src/open-deps.ts';
import { freePort } from '../../tools/free-port.ts';
import { LIMITS_OFF } from '../../tools/limits-off.ts';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  deps: LoopDeps;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'loop-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A Redis store connects in the background and refuses commands until it is up (no offline queue): wait for
 * it, so a test's first request does not race the connection. Fails after 5 s rather than hanging.
 */
async function storeAnswers(deps: LoopDeps): Promise<void> {
  if (deps.store.kind === 'sqlite') return;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await deps.store.ping();
      return;
    } catch (error) {
      if (attempt >= 100) throw error;
      await sleep(50);
    }
  }
}

export async function startTestServer(
  options: { env?: Record<string, string>; clock?: Clock; dataDir?: string; log?: Logger } = {},
): Promise<TestServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? tempDir();
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOOP_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOOP_ALLOW_PRIVATE_PUSH: 'true',
    // Tests make more sessions, calls and links from 127.0.0.1 than a minute allows; test/api/limits.test.ts
    // and the fuzz tests set the limits they check.
    ...LIMITS_OFF,
    ...options.env,
  });
  const secrets = loadSecrets(config.secretsFile, {});
  const deps = openDeps(config, secrets, {
    clock: options.clock,
    log: options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  const app = await buildApp(deps);
  await app.listen({ port, host: '127.0.0.1' });
  await storeAnswers(deps);
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    deps,
    dataDir,
    async close() {
      await app.close();
      await closeDeps(deps);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
