/**
 * Opens the ioredis connection(s) the Redis store receives, from a parsed LOOP_STORE_URL. Settings chosen so
 * that no request waits on a Redis that is gone: commands fail at once while disconnected (no offline
 * queue) or after `commandTimeoutMs`, so the request answers 503; reconnection retries forever with a
 * capped back-off, so the server recovers by itself; every change of state is logged once.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { describeStoreTarget, type StoreTarget } from '../../config/store-url.ts';
import type { RedisConnection } from './scripts.ts';

export type RedisTarget = Extract<StoreTarget, { kind: 'redis' | 'redis-cluster' }>;

export interface RedisConnectionSettings {
  commandTimeoutMs: number;
  reconnectMaxMs: number;
}

function backoff(maxMs: number): (attempt: number) => number {
  return (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxMs);
}

function nodeOptions(target: RedisTarget, settings: RedisConnectionSettings): RedisOptions {
  return {
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: Math.max(settings.commandTimeoutMs, 2000),
    retryStrategy: backoff(settings.reconnectMaxMs),
  };
}

export function openRedisConnection(
  target: RedisTarget,
  settings: RedisConnectionSettings,
  log: Logger,
): RedisConnection {
  const connection =
    target.kind === 'redis'
      ? new Redis({
          ...nodeOptions(target, settings),
          host: target.node.host,
          port: target.node.port,
          db: target.db,
          enableAutoPipelining: true,
        })
      : new Cluster(target.nodes, {
          redisOptions: nodeOptions(target, settings),
          enableOfflineQueue: false,
          enableAutoPipelining: true,
          clusterRetryStrategy: backoff(settings.reconnectMaxMs),
        } satisfies ClusterOptions);
  reportConnectionState(connection, describeStoreTarget(target), settings, log);
  return connection;
}

/** One log line per change of state (not one per retry), never with credentials. */
function reportConnectionState(
  connection: RedisConnection,
  where: string,
  settings: RedisConnectionSettings,
  log: Logger,
): void {
  let state: 'starting' | 'ready' | 'down' = 'starting';
  connection.on('ready', () => {
    log.info({ store: where }, state === 'down' ? 'Redis is reachable again' : 'Redis connection ready');
    state = 'ready';
  });
  const markDown = (reason: string) => {
    if (state === 'down') return;
    state = 'down';
    log.error(
      { store: where, reason },
      `Redis unreachable at ${where}: requests that need storage answer 503 until it is back; retrying every ${settings.reconnectMaxMs} ms or sooner`,
    );
  };
  connection.on('error', (error: Error) => markDown(error.message));
  // A clean close (Redis shut down) may come without an error; 'reconnecting' is not emitted after quit().
  connection.on('reconnecting', () => {
    if (state === 'ready') markDown('connection lost');
  });
}

/** Resolves once the connection can take commands (used by tests and tools that need Redis up first). */
export async function waitUntilReady(connection: RedisConnection, timeoutMs: number): Promise<void> {
  if (connection.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      connection.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    connection.once('ready', onReady);
  });
}
