/**
 * The composition root: opens the store, picks the provider and the push transport, and hands the app
 * one typed object (`LoopDeps`, in `deps.ts`). Nothing here listens; `main.ts` does.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { OidcClient } from './auth/oidc/oidc-client.ts';
import { oidcSettingsFrom } from './auth/oidc/settings.ts';
import { applyCallEvent } from './calls/call-progress.ts';
import { createCallTimers } from './calls/call-timers.ts';
import { expireDueParticipant } from './rooms/expire-participant.ts';
import { createRoomTimers, participantPollIntervalMs } from './rooms/participant-expiry.ts';
import { RoomSessionSweep } from './rooms/room-session-sweep.ts';
import { SessionReleases } from './rooms/session-releases.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config, OpenTokChannels, ProviderName } from './config/schema.ts';
import type { Secrets } from './config/secrets.ts';
import { loggerOptions } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { BuiltinProvider } from './providers/builtin/builtin-provider.ts';
import type { IceSettings } from './providers/builtin/ice-servers.ts';
import { failureReason } from './providers/attempts.ts';
import { JanusProvider } from './providers/janus.ts';
import { janusInstancesOf } from './config/janus-instances.ts';
import { LiveKitProvider } from './providers/livekit.ts';
import { OpenTokProvider } from './providers/opentok.ts';
import type { AttemptFailureListener, Provider } from './providers/provider.ts';
import { PushFanOut } from './push/fan-out.ts';
import { PushHttpClient } from './push/push-http.ts';
import { SimplePushNotifier } from './push/simplepush.ts';
import { WebPushNotifier } from './push/webpush.ts';
import { parseStoreUrl } from './config/store-url.ts';
import { signallingUrl } from './http/public-urls.ts';
import { openRedisConnection, waitUntilReady } from './storage/redis/connect.ts';
import { openRedisStore } from './storage/redis/redis-store.ts';
import type { RedisConnection } from './storage/redis/scripts.ts';
import type { EventBus } from './bus/event-bus.ts';
import { createInProcessEventBus } from './bus/in-process-event-bus.ts';
import { createRedisEventBus } from './bus/redis-event-bus.ts';
import { openSqliteStore } from './storage/sqlite/sqlite-store.ts';
import type { Store } from './storage/store.ts';
import type { LoopDeps } from './deps.ts';

/**
 * Longest a cached call link is served without word from Redis: the bound on staleness should the
 * invalidation connection go silent without closing (a closed one flushes the cache at once).
 */
const REDIS_CACHE_MAX_AGE_MS = 30_000;

/** The store, and its Redis connection when it is a Redis store (for what instances share beside it). */
export function openStore(
  config: Config,
  clock: Clock,
  log: Logger,
): { store: Store; storeRedis: RedisConnection | null } {
  const parsed = parseStoreUrl(config.storeUrl);
  // The config loader already validated the URL; this only narrows the type.
  if (!parsed.ok) throw new Error(`LOOP_STORE_URL: ${parsed.problem}`);
  const target = parsed.target;
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(path.dirname(path.resolve(target.path)), { recursive: true });
    const store = openSqliteStore({
      path: target.path,
      clock,
      onBackgroundError: (error) => log.error({ err: error }, 'store sweep failed'),
    });
    return { store, storeRedis: null };
  }
  const redis = openRedisConnection(
    target,
    { commandTimeoutMs: config.redisCommandTimeoutMs, reconnectMaxMs: config.redisReconnectMaxMs },
    log,
  );
  const clientCache = { maxEntries: config.redisCacheEntries, maxAgeMs: REDIS_CACHE_MAX_AGE_MS, log };
  return { store: openRedisStore({ redis, clock, quitOnClose: true, clientCache }), storeRedis: redis };
}

type ProviderObservers = { metrics: Metrics; log: Logger };

/** The provider named by LOOP_PROVIDER; `loadConfig` has already checked that its settings are complete. */
export function openProvider(config: Config, secrets: Secrets, clock: Clock, observe: ProviderObservers): Provider {
  return openNamedProvider(config.provider, config, secrets, clock, observe);
}

/**
 * The SFU named by LOOP_SFU_PROVIDER for large rooms: null when none is set, `main` itself when it is the
 * same provider (one set of clients and counters, not two).
 */
export function openSfuProvider(
  config: Config,
  secrets: Secrets,
  clock: Clock,
  observe: ProviderObservers,
  main: Provider,
): Provider | null {
  if (config.sfuProvider === null) return null;
  if (config.sfuProvider === main.name) return main;
  return openNamedProvider(config.sfuProvider, config, secrets, clock, observe);
}

function openNamedProvider(
  name: ProviderName,
  config: Config,
  secrets: Secrets,
  clock: Clock,
  observe: ProviderObservers,
): Provider {
  const policy = {
    attempts: config.providerAttempts,
    timeoutMs: config.providerTimeoutMs,
    onFailure: countFailedAttempt(name, observe),
  };
  switch (name) {
    case 'opentok':
      return new OpenTokProvider({
        channels: openTokChannels(config),
        apiUrl: config.opentokApiUrl,
        mediaMode: config.opentokMediaMode,
        tokenTtlSec: config.opentokTokenTtlSec,
        clock,
        policy,
      });
    case 'livekit':
      return new LiveKitProvider({
        url: config.livekitUrl,
        apiKey: config.livekitApiKey,
        apiSecret: config.livekitApiSecret,
        tokenTtlSec: config.livekitTokenTtlSec,
        emptyTimeoutSec: config.livekitEmptyTimeoutSec,
        policy,
      });
    case 'janus':
      return new JanusProvider({
        instances: janusInstancesOf(config),
        apiSecret: config.janusApiSecret,
        adminSecret: config.janusAdminSecret,
        // Room secrets are keyed hashes under the providers' signing secret (labelled, so unrelated to tokens).
        secret: secrets.builtinProviderSecret,
        clock,
        ice: iceSettings(config),
        policy,
      });
    case 'builtin':
      return new BuiltinProvider({
        secret: secrets.builtinProviderSecret,
        clock,
        tokenTtlSec: config.builtinTokenTtlSec,
        signallingUrl: signallingUrl(config),
        ice: iceSettings(config),
      });
  }
}

function iceSettings(config: Config): IceSettings {
  return {
    stunUrls: config.stunUrls,
    turnUrls: config.turnUrls,
    turnSecret: config.turnSecret,
    turnTtlSec: config.turnTtlSec,
  };
}

/** OPENTOK_API_KEY/SECRET are the `default` channel unless OPENTOK_CHANNELS names one itself. */
function openTokChannels(config: Config): OpenTokChannels {
  if (config.opentokChannels.default) return config.opentokChannels;
  return { ...config.opentokChannels, default: { apiKey: config.opentokApiKey, apiSecret: config.opentokApiSecret } };
}

function countFailedAttempt(
  provider: string,
  { metrics, log }: { metrics: Metrics; log: Logger },
): AttemptFailureListener {
  return ({ operation, kind, attempt, error }) => {
    metrics.providerErrors.inc({ provider, operation, kind });
    log.warn({ provider, operation, kind, attempt, reason: failureReason(error) }, 'provider attempt failed');
  };
}

/** Both push transports over one HTTP client, and the fan-out that picks them per device. */
export function openPush(
  config: Config,
  secrets: Secrets,
  store: Store,
  metrics: Metrics,
  log: Logger,
): { pushHttp: PushHttpClient; push: PushFanOut } {
  const pushHttp = new PushHttpClient({
    timeoutMs: config.pushTimeoutMs,
    allowPrivate: config.allowPrivatePush,
    retry: {
      maxAttempts: config.pushMaxAttempts,
      baseDelayMs: config.pushRetryBaseMs,
      maxDelayMs: config.pushRetryMaxDelayMs,
    },
  });
  const vapid = {
    subject: config.vapidSubject,
    publicKey: secrets.vapidPublicKey,
    privateKey: secrets.vapidPrivateKey,
  };
  const push = new PushFanOut({
    pushEndpoints: store.pushEndpoints,
    simplePush: new SimplePushNotifier(pushHttp),
    webPush: new WebPushNotifier(pushHttp, vapid),
    metrics,
    log,
    ttlSec: config.pushTtlSec,
  });
  return { pushHttp, push };
}

/**
 * The event bus: in-process for one instance, Redis pub/sub (two connections of its own: publisher and
 * subscriber) when LOOP_PUBSUB_URL is set.
 */
export function openEventBus(config: Config, log: Logger): { eventBus: EventBus; close: () => Promise<void> } {
  const onListenerError = (error: unknown) => log.error({ err: error }, 'progress listener failed');
  if (!config.pubsubUrl) {
    const eventBus = createInProcessEventBus({ onListenerError });
    return { eventBus, close: () => eventBus.close() };
  }
  const connect = (role: string) => {
    const redis = new Redis(config.pubsubUrl, { connectionName: `loop-pubsub-${role}` });
    // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
    redis.on('error', (error) => log.warn({ err: error, role }, 'pub/sub Redis connection error'));
    return redis;
  };
  const publisher = connect('publisher');
  const subscriber = connect('subscriber');
  const eventBus = createRedisEventBus({ publisher, subscriber, onListenerError });
  return {
    eventBus,
    async close() {
      await eventBus.close();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}

/** How long the call timers wait for a Redis store at start before reading deadlines anyway (they then poll). */
const STORE_READY_WAIT_MS = 5000;

/** Everything the app needs; `overrides` lets tests inject a clock or a logger without a second code path. */
export function openDeps(config: Config, secrets: Secrets, overrides: { clock?: Clock; log?: Logger } = {}): LoopDeps {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? pino(loggerOptions(config.logLevel));
  const metrics = createMetrics({ defaultMetrics: true });
  const { store, storeRedis } = openStore(config, clock, log);
  const provider = openProvider(config, secrets, clock, { metrics, log });
  const sfuProvider = openSfuProvider(config, secrets, clock, { metrics, log }, provider);
  const { pushHttp, push } = openPush(config, secrets, store, metrics, log);
  const oidc = oidcSettingsFrom(config);
  const identity = oidc ? new OidcClient(oidc, { clock, log }) : null;
  const { eventBus, close: closeEventBus } = openEventBus(config, log);
  // On Redis the timers read their deadlines once the connection is up, without holding up the server.
  const storeReady = storeRedis ? { storeReady: () => waitUntilReady(storeRedis, STORE_READY_WAIT_MS) } : {};
  const timers = createCallTimers({
    calls: store.calls,
    clock,
    log,
    pollIntervalMs: Math.max(
      50,
      Math.min(config.timerSupervisorySec, config.timerRingingSec, config.timerConnectionSec) * 1000,
    ),
    ...storeReady,
  });
  const roomTimers = createRoomTimers({
    rooms: store.rooms,
    clock,
    log,
    pollIntervalMs: participantPollIntervalMs(config.roomParticipantTtlSec),
    ...storeReady,
  });
  const sessionReleases = new SessionReleases(log);
  const roomSessionSweep = new RoomSessionSweep({
    rooms: store.rooms,
    providers: sfuProvider ? [provider, sfuProvider] : [provider],
    releases: sessionReleases,
    log,
    intervalMs: config.roomSessionSweepSec * 1000,
  });
  const deps: LoopDeps = {
    config,
    secrets,
    clock,
    log,
    metrics,
    store,
    storeRedis,
    provider,
    sfuProvider,
    sessionReleases,
    roomSessionSweep,
    pushHttp,
    push,
    identity,
    eventBus,
    timers,
    roomTimers,
    closeEventBus,
  };
  // The timers apply events through the deps they belong to, so they get their handler once those exist.
  timers.handleDueWith(async (callId) => {
    await applyCallEvent(deps, callId, { type: 'timeout' });
  });
  roomTimers.handleDueWith((due, now) => expireDueParticipant(deps, due, now));
  return deps;
}

/** Waits for pushes in flight, then releases connections and the store. */
export async function closeDeps(deps: LoopDeps): Promise<void> {
  await deps.timers.stop();
  await deps.roomTimers.stop();
  await deps.roomSessionSweep.stop();
  await deps.push.drain();
  await deps.sessionReleases.drain();
  deps.pushHttp.close();
  await deps.closeEventBus();
  await deps.store.close();
}
