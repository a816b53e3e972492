/**
 * The only module with side effects: load the configuration, open the dependencies, listen, and drain
 * gracefully on SIGTERM/SIGINT.
 */
import cluster, { type Worker } from 'node:cluster';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { loadSecrets } from './config/secrets.ts';
import { closeDeps, openDeps } from './open-deps.ts';

/**
 * How long connections accepted just before the listener closed get to deliver their request. http.Server's
 * close() destroys every connection without a request in progress, including one accepted a moment ago whose
 * request bytes are not read yet; behind a proxy without upstream keep-alive that is a POST the proxy has
 * already written and cannot retry (1 of 3,597 requests answered 502 in the reference deployment's test).
 */
const ACCEPTED_CONNECTION_GRACE_MS = 500;

/**
 * Stops listening (a proxy's next connection is refused and goes to another instance) without touching the
 * connections already accepted, then gives them a moment to be read.
 */
async function stopAccepting(server: net.Server): Promise<void> {
  net.Server.prototype.close.call(server);
  await sleep(ACCEPTED_CONNECTION_GRACE_MS);
}

/**
 * LOOP_WORKERS > 1: this process only forks the workers (node:cluster; they share the listening port) and
 * relays SIGTERM/SIGINT to them. Each worker is a full instance (src/main.ts again) on the shared Redis, like
 * instances on several machines; config/load.ts refuses the setting with SQLite or without LOOP_PUBSUB_URL.
 */
function runPrimary(config: Config): void {
  // Before any fork: a first start generates the secrets file, and the workers must all read that one.
  loadSecrets(config.secretsFile);
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
  let stopping = false;
  let failed = false;
  // Counted here rather than read from cluster.workers: cluster removes a worker from that list only once it
  // has both exited and disconnected, in either order, so on 'exit' the last worker may still be listed (CI
  // saw the primary then fall idle and exit 0 without its last line, whatever the workers' codes).
  const running = new Set<Worker>();
  const listened = new WeakSet<Worker>();
  const fork = () => running.add(cluster.fork());
  const stopped = () => {
    log('stopped: every worker has exited', { failed });
    process.exit(failed ? 1 : 0);
  };
  cluster.on('exit', (worker, code, signal) => {
    running.delete(worker);
    if (stopping) {
      // The exit status says how the stop went: a worker that crashed earlier and was replaced does not count.
      if (code !== 0) failed = true;
      if (running.size === 0) stopped();
      return;
    }
    // A worker that died after it was serving is replaced; one that never came up would only die again.
    const wasServing = listened.has(worker);
    log(wasServing ? 'worker died, starting another' : 'worker failed to start, stopping', {
      workerPid: worker.process.pid,
      code,
      signal,
    });
    if (wasServing) fork();
    else {
      failed = true;
      stop('worker failure');
    }
  });
  cluster.on('listening', (worker) => listened.add(worker));
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log('shutting down: stopping the workers', { signal: reason });
    if (running.size === 0) stopped();
    for (const worker of running) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < config.workers; i++) fork();
  log('Loop primary started its workers', { workers: config.workers });
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    runPrimary(config);
    return;
  }
  const secrets = loadSecrets(config.secretsFile);
  const deps = openDeps(config, secrets);
  const app = await buildApp(deps);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down: draining requests and pushes');
    try {
      await stopAccepting(app.server);
      // Answers what was accepted, closes the sockets left idle, waits for open requests.
      await app.close();
      await closeDeps(deps);
    } catch (error) {
      deps.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    deps.log.info('stopped: requests answered, pushes settled, store closed');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  // After a crash on SQLite, requests signed before this whole second are refused (their nonces were lost with
  // the process); waiting for it before listening means no honest client is (docs/security.md, "Replays").
  const floorWaitMs = deps.store.sessions.noncesKnownSince - deps.clock.now();
  if (floorWaitMs > 0) await sleep(floorWaitMs);
  await app.listen({ port: config.port, host: config.host });
  deps.log.info(
    { publicUrl: config.publicUrl, store: deps.store.kind, provider: deps.provider.name },
    'Loop server ready',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Loop server failed to start: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
