/**
 * The composition root: opens the store, picks the provider and the push transport, and hands the app
 * one typed object. Nothing here listens; `main.ts` does.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config/schema.ts';
import type { Secrets } from './config/secrets.ts';
import { loggerOptions } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { BuiltinProvider } from './providers/builtin/builtin-provider.ts';
import type { Provider } from './providers/provider.ts';
import { PushFanOut } from './push/fan-out.ts';
import type { Notifier } from './push/notifier.ts';
import { SimplePushNotifier } from './push/simplepush.ts';
import { openSqliteStore } from './storage/sqlite/sqlite-store.ts';
import type { Store } from './storage/store.ts';

export interface LoopDeps {
  config: Config;
  secrets: Secrets;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  store: Store;
  provider: Provider;
  notifier: Notifier;
  push: PushFanOut;
}

export function openStore(config: Config, clock: Clock, log: Logger): Store {
  const sqlitePath = config.storeUrl.slice('sqlite:'.length);
  if (sqlitePath !== ':memory:') mkdirSync(path.dirname(path.resolve(sqlitePath)), { recursive: true });
  return openSqliteStore({ path: sqlitePath, clock, onSweepError: (error) => log.error({ err: error }, 'store sweep failed') });
}

export function openProvider(config: Config, secrets: Secrets, clock: Clock): Provider {
  return new BuiltinProvider({ secret: secrets.builtinProviderSecret, clock, tokenTtlSec: config.builtinTokenTtlSec });
}

/** Everything the app needs; `overrides` lets tests inject a clock or a logger without a second code path. */
export function openDeps(config: Config, secrets: Secrets, overrides: { clock?: Clock; log?: Logger } = {}): LoopDeps {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? pino(loggerOptions(config.logLevel));
  const metrics = createMetrics({ defaultMetrics: true });
  const store = openStore(config, clock, log);
  const provider = openProvider(config, secrets, clock);
  const notifier = new SimplePushNotifier(config.pushTimeoutMs);
  const push = new PushFanOut({ pushEndpoints: store.pushEndpoints, notifier, metrics, log });
  return { config, secrets, clock, log, metrics, store, provider, notifier, push };
}

/** Waits for pushes in flight, then releases connections and the store. */
export async function closeDeps(deps: LoopDeps): Promise<void> {
  await deps.push.drain();
  deps.notifier.close();
  await deps.store.close();
}
