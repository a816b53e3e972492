/**
 * The only module with side effects: load the configuration, open the dependencies, listen, and drain
 * gracefully on SIGTERM/SIGINT.
 */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import { loadSecrets } from './config/secrets.ts';
import { closeDeps, openDeps } from './open-deps.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const secrets = loadSecrets(config.secretsFile);
  const deps = openDeps(config, secrets);
  const app = await buildApp(deps);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down: draining requests and pushes');
    try {
      // Stops listening (a proxy moves new connections elsewhere), answers what was accepted, closes sockets.
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
