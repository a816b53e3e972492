/**
 * What the app and the use cases are given: one typed object, opened by `open-deps.ts` (the composition
 * root) and passed down. Types only, so that any module may name it without importing what opens it.
 */
import type { Logger } from 'pino';
import type { OidcClient } from './auth/oidc/oidc-client.ts';
import type { PushFanOut } from './push/fan-out.ts';
import type { PushHttpClient } from './push/push-http.ts';
import type { CallTimers } from './calls/call-timers.ts';
import type { RoomTimers } from './rooms/participant-expiry.ts';
import type { RoomSessionSweep } from './rooms/room-session-sweep.ts';
import type { SessionReleases } from './rooms/session-releases.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config/schema.ts';
import type { Secrets } from './config/secrets.ts';
import type { Metrics } from './observability/metrics.ts';
import type { Provider } from './providers/provider.ts';
import type { EventBus } from './bus/event-bus.ts';
import type { Store } from './storage/store.ts';
import type { RedisConnection } from './storage/redis/scripts.ts';

export interface LoopDeps {
  config: Config;
  secrets: Secrets;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  store: Store;
  /** The store's Redis connection when LOOP_STORE_URL is Redis (rate-limit counters shared by instances); else null. */
  storeRedis: RedisConnection | null;
  provider: Provider;
  /**
   * The SFU for rooms larger than `LOOP_MESH_MAX` (`LOOP_SFU_PROVIDER`; `provider` itself when both name the
   * same one); null when none is configured. `rooms/room-provider-policy.ts` picks between the two.
   */
  sfuProvider: Provider | null;
  /** Provider sessions of ended rooms being released (not awaited by requests; drained on shutdown). */
  sessionReleases: SessionReleases;
  /** Finds and releases the sessions of rooms that expired in the store (`LOOP_ROOM_SESSION_SWEEP_SECONDS`). */
  roomSessionSweep: RoomSessionSweep;
  /** The keep-alive HTTP client both push transports send through. */
  pushHttp: PushHttpClient;
  push: PushFanOut;
  /** The OpenID Connect provider users sign in with; null when sign-in is not configured. */
  identity: OidcClient | null;
  eventBus: EventBus;
  timers: CallTimers;
  /** Room participant deadlines: join and refresh `schedule()` the deadline they write. */
  roomTimers: RoomTimers;
  /** Releases what openDeps opened for the event bus (its Redis connections). */
  closeEventBus: () => Promise<void>;
}
