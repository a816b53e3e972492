/**
 * Every setting, once: its environment name, default, parser and documentation.
 * `docs/configuration.md` is checked against this table by `src/config/load.test.ts`.
 */
import path from 'node:path';
import {
  type Parsed,
  bad,
  boolean,
  httpUrl,
  iceUrls,
  integer,
  issuerUrl,
  list,
  nonEmpty,
  ok,
  oneOf,
  optional,
  optionalUrl,
  orNull,
  positiveNumber,
  positiveNumberUpTo,
  pubsubUrl,
  trustedProxies,
  vapidSubject,
} from './parsers.ts';
import { parseStoreUrl } from './store-url.ts';
import { parseJanusInstances, type JanusInstances } from './janus-instances.ts';
import { parseOpenTokChannels, type OpenTokChannels } from './opentok-channels.ts';

export type { OpenTokChannels } from './opentok-channels.ts';
export type ProviderName = 'builtin' | 'opentok' | 'livekit' | 'janus';
/** Providers that can host a room bigger than a mesh allows. */
export type SfuProviderName = 'janus' | 'livekit';
export type OpenTokMediaMode = 'relayed' | 'routed';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  storeUrl: string;
  workers: number;
  redisCommandTimeoutMs: number;
  redisReconnectMaxMs: number;
  redisCacheEntries: number;
  provider: ProviderName;
  allowedOrigins: string[];
  secretsFile: string;
  callUrlTimeoutHours: number;
  callUrlMaxTimeoutHours: number;
  roomMaxSize: number;
  roomDefaultTtlHours: number;
  roomMaxTtlHours: number;
  roomParticipantTtlSec: number;
  roomUrlTemplate: string;
  roomDeletedTtlSec: number;
  logLevel: LogLevel;
  sessionDurationSec: number;
  callDurationSec: number;
  hawkSkewSec: number;
  bodyLimitBytes: number;
  pushTimeoutMs: number;
  pushTtlSec: number;
  pushMaxAttempts: number;
  pushRetryBaseMs: number;
  pushRetryMaxDelayMs: number;
  allowInsecurePush: boolean;
  allowPrivatePush: boolean;
  vapidSubject: string;
  pushServerUris: string[];
  retryAfterSec: number;
  heartbeatTimeoutMs: number;
  builtinTokenTtlSec: number;
  trustProxy: boolean | string[];
  providerTimeoutMs: number;
  providerAttempts: number;
  opentokApiKey: string;
  opentokApiSecret: string;
  opentokApiUrl: string;
  opentokMediaMode: OpenTokMediaMode;
  opentokTokenTtlSec: number;
  opentokChannels: OpenTokChannels;
  janusInstances: JanusInstances;
  livekitUrl: string;
  livekitApiKey: string;
  livekitApiSecret: string;
  livekitTokenTtlSec: number;
  livekitEmptyTimeoutSec: number;
  livekitWebhook: boolean;
  janusUrl: string;
  janusAdminUrl: string;
  janusApiSecret: string;
  janusAdminSecret: string;
  janusPublicUrl: string;
  /** Rooms of at most this many people stay on LOOP_PROVIDER; larger ones go to `sfuProvider`. */
  meshMax: number;
  /** null: no SFU, every room stays on LOOP_PROVIDER. */
  sfuProvider: SfuProviderName | null;
  /** Seconds between two sweeps for the provider sessions of expired rooms. */
  roomSessionSweepSec: number;
  /** Sign-in (OpenID Connect): all four of issuer, client id, client secret and redirect URI, or none. */
  oidcIssuer: string | null;
  oidcClientId: string | null;
  oidcClientSecret: string | null;
  oidcRedirectUri: string | null;
  oidcScopes: string[];
  oidcDiscoveryTtlSec: number;
  oidcJwksCooldownMs: number;
  oidcTimeoutMs: number;
  signInRateLimitPerMinute: number;
  rateLimitSessionsPerMinute: number;
  rateLimitCallsPerLinkPerMinute: number;
  rateLimitCallsPerAddressPerMinute: number;
  rateLimitRoomJoinsPerAddressPerMinute: number;
  maxLinksPerUser: number;
  maxRoomsPerUser: number;
  requestTimeoutSec: number;
  wsIdleTimeoutSec: number;
  timerSupervisorySec: number;
  timerRingingSec: number;
  timerConnectionSec: number;
  pubsubUrl: string;
  wsMaxFrameBytes: number;
  wsMaxSocketsPerCall: number;
  wsHelloTimeoutSec: number;
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string;
  turnTtlSec: number;
}

export interface Setting<K extends keyof Config = keyof Config> {
  key: K;
  env: string;
  doc: string;
  /** Shown in docs; computed defaults may depend on settings listed before this one. */
  defaultDoc: string;
  defaultValue: (resolved: Partial<Config>) => string;
  parse: (raw: string) => Parsed<Config[K]>;
  /** Never echoed: a bad value is reported by name only. */
  secret?: boolean;
}

const PROVIDERS: readonly ProviderName[] = ['builtin', 'opentok', 'livekit', 'janus'];
const SFU_PROVIDERS: readonly SfuProviderName[] = ['janus', 'livekit'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const perMinute = (what: string) =>
  `${what} per minute; more: 429 errno 116 with \`Retry-After\`. \`0\` turns this limit off. Shared by every instance when \`LOOP_STORE_URL\` is Redis, else counted per instance.`;

/** Rate limits, per-user caps and timeouts against strangers and slow clients (docs/security.md). */
function limitSettings(): Setting[] {
  return [
    setting({
      key: 'rateLimitSessionsPerMinute',
      env: 'LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE',
      doc: perMinute(
        'Anonymous sessions minted (`POST /registration`, `POST /fxa-oauth/params` without credentials) per client address',
      ),
      defaultDoc: '20',
      defaultValue: fixed('20'),
      parse: integer(0, 1_000_000),
    }),
    setting({
      key: 'rateLimitCallsPerLinkPerMinute',
      env: 'LOOP_RATE_LIMIT_CALLS_PER_LINK_PER_MINUTE',
      doc: perMinute('Calls started on one link (`POST /calls/{token}`, whoever calls)'),
      defaultDoc: '10',
      defaultValue: fixed('10'),
      parse: integer(0, 1_000_000),
    }),
    setting({
      key: 'rateLimitCallsPerAddressPerMinute',
      env: 'LOOP_RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE',
      doc: perMinute('Calls started on links (`POST /calls/{token}`) per client address'),
      defaultDoc: '30',
      defaultValue: fixed('30'),
      parse: integer(0, 1_000_000),
    }),
    setting({
      key: 'rateLimitRoomJoinsPerAddressPerMinute',
      env: 'LOOP_RATE_LIMIT_ROOM_JOINS_PER_ADDRESS_PER_MINUTE',
      doc: perMinute('Room joins (`POST /rooms/{token}` `{action: "join"}`) per client address'),
      defaultDoc: '30',
      defaultValue: fixed('30'),
      parse: integer(0, 1_000_000),
    }),
    setting({
      key: 'maxLinksPerUser',
      env: 'LOOP_MAX_LINKS_PER_USER',
      doc: 'Live call links one user (or anonymous session) may hold; creating one more: 403 errno 117. `0`: no cap.',
      defaultDoc: '1000',
      defaultValue: fixed('1000'),
      parse: integer(0, 1_000_000),
    }),
    setting({
      key: 'maxRoomsPerUser',
      env: 'LOOP_MAX_ROOMS_PER_USER',
      doc: 'Rooms one user may own; creating one more: 403 errno 117. `0`: no cap.',
      defaultDoc: '100',
      defaultValue: fixed('100'),
      parse: integer(0, 1_000_000),
    }),
    setting({
      key: 'requestTimeoutSec',
      env: 'LOOP_REQUEST_TIMEOUT_SECONDS',
      doc: 'Longest time a client may take to send a whole request, headers and body; past it: 408 errno 999 and the connection is closed (checked every quarter of it, at most every second). An idle keep-alive connection is closed after the same time: a load balancer in front must time idle connections out sooner. Fractions allowed.',
      defaultDoc: '30',
      defaultValue: fixed('30'),
      parse: positiveNumberUpTo(3600),
    }),
    setting({
      key: 'wsIdleTimeoutSec',
      env: 'LOOP_WS_IDLE_TIMEOUT_SECONDS',
      doc: "Seconds a websocket may stay silent after its first frame (no frame, no pong to the server's pings) before it is closed (1001); pings go out every third of it. Fractions allowed.",
      defaultDoc: '120',
      defaultValue: fixed('120'),
      parse: positiveNumberUpTo(86_400),
    }),
  ];
}

/** The outside providers' settings; which of them are required is checked in `provider-requirements.ts`. */
function providerSettings(): Setting[] {
  return [
    setting({
      key: 'providerTimeoutMs',
      env: 'LOOP_PROVIDER_TIMEOUT_MS',
      doc: 'Timeout of each request to an outside provider (OpenTok, LiveKit, Janus), and of each provider check in `/__heartbeat__`.',
      defaultDoc: '2000',
      defaultValue: fixed('2000'),
      parse: integer(10, 60_000),
    }),
    setting({
      key: 'providerAttempts',
      env: 'LOOP_PROVIDER_ATTEMPTS',
      doc: 'Attempts in total to create a provider session before answering 503 errno 201.',
      defaultDoc: '3',
      defaultValue: fixed('3'),
      parse: integer(1, 10),
    }),
    setting({
      key: 'opentokApiKey',
      env: 'OPENTOK_API_KEY',
      doc: 'OpenTok project API key of the `default` channel (returned to clients as `apiKey`).',
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optional,
    }),
    setting({
      key: 'opentokApiSecret',
      env: 'OPENTOK_API_SECRET',
      doc: 'OpenTok project API secret of the `default` channel.',
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optional,
      secret: true,
    }),
    setting({
      key: 'opentokApiUrl',
      env: 'OPENTOK_API_URL',
      doc: 'OpenTok REST API base URL (channels without an `apiUrl` use it too).',
      defaultDoc: '`https://api.opentok.com`',
      defaultValue: fixed('https://api.opentok.com'),
      parse: httpUrl,
    }),
    setting({
      key: 'opentokMediaMode',
      env: 'OPENTOK_MEDIA_MODE',
      doc: '`relayed` (peer to peer where possible, as 2016) or `routed` (through the OpenTok Media Router).',
      defaultDoc: '`relayed`',
      defaultValue: fixed('relayed'),
      parse: oneOf<OpenTokMediaMode>(['relayed', 'routed']),
    }),
    setting({
      key: 'opentokTokenTtlSec',
      env: 'OPENTOK_TOKEN_TTL_SECONDS',
      doc: 'Lifetime of the OpenTok tokens handed to both sides.',
      defaultDoc: '86400 (24 h)',
      defaultValue: fixed('86400'),
      parse: integer(60, 30 * 86400),
    }),
    setting({
      key: 'opentokChannels',
      env: 'OPENTOK_CHANNELS',
      doc: 'More OpenTok credential sets, chosen by the request\'s `channel`: JSON `{"<channel>": {"apiKey": "…", "apiSecret": "…", "apiUrl": "…"}}` (`apiUrl` optional); unknown channels use `default`.',
      defaultDoc: '`{}`',
      defaultValue: fixed('{}'),
      parse: parseOpenTokChannels,
      secret: true,
    }),
    setting({
      key: 'livekitUrl',
      env: 'LIVEKIT_URL',
      doc: 'LiveKit server URL (`wss://…` or `https://…`); clients get its `ws(s)` form as `livekitUrl`.',
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optionalUrl(['ws:', 'wss:', 'http:', 'https:']),
    }),
    setting({
      key: 'livekitApiKey',
      env: 'LIVEKIT_API_KEY',
      doc: 'LiveKit API key.',
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optional,
    }),
    setting({
      key: 'livekitApiSecret',
      env: 'LIVEKIT_API_SECRET',
      doc: 'LiveKit API secret (signs access tokens; verifies webhooks).',
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optional,
      secret: true,
    }),
    setting({
      key: 'livekitTokenTtlSec',
      env: 'LIVEKIT_TOKEN_TTL_SECONDS',
      doc: 'Lifetime of the LiveKit access tokens (only needed to join, so short).',
      defaultDoc: '600',
      defaultValue: fixed('600'),
      parse: integer(30, 86400),
    }),
    setting({
      key: 'livekitEmptyTimeoutSec',
      env: 'LIVEKIT_EMPTY_TIMEOUT_SECONDS',
      doc: "LiveKit closes a call's room after it stayed empty this long.",
      defaultDoc: '120',
      defaultValue: fixed('120'),
      parse: integer(10, 86400),
    }),
    setting({
      key: 'livekitWebhook',
      env: 'LIVEKIT_WEBHOOK',
      doc: '`on` serves `POST /livekit/webhook` (signature checked with the LiveKit key) so a finished room ends its call.',
      defaultDoc: '`off`',
      defaultValue: fixed('off'),
      parse: boolean,
    }),
    ...janusSettings(),
    setting({
      key: 'meshMax',
      env: 'LOOP_MESH_MAX',
      doc: 'A room whose `maxSize` at creation is at most this stays on `LOOP_PROVIDER` (a mesh with the built-in provider); a larger one uses `LOOP_SFU_PROVIDER` when set. See docs/providers.md.',
      defaultDoc: '4',
      defaultValue: fixed('4'),
      parse: integer(2, 1000),
    }),
    setting({
      key: 'sfuProvider',
      env: 'LOOP_SFU_PROVIDER',
      doc: '`janus` or `livekit`: the selective forwarding unit for rooms larger than `LOOP_MESH_MAX` (its settings are then required); empty: none, every room uses `LOOP_PROVIDER`.',
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: orNull(oneOf(SFU_PROVIDERS)),
    }),
    // After the providers: its default depends on whether rooms may go to an SFU.
    setting({
      key: 'roomMaxSize',
      env: 'LOOP_ROOM_MAX_SIZE',
      doc: "Largest `maxSize` a room may declare (2016: 5). Without an SFU the built-in provider's browsers form a full mesh, hence 5; with `LOOP_SFU_PROVIDER` (or `LOOP_PROVIDER=janus`/`livekit`) rooms above `LOOP_MESH_MAX` go through the SFU, and the default is 20.",
      defaultDoc: '5; 20 with an SFU',
      defaultValue: (c) => (c.sfuProvider || c.provider === 'janus' || c.provider === 'livekit' ? '20' : '5'),
      parse: integer(2, 10_000),
    }),
    setting({
      key: 'roomSessionSweepSec',
      env: 'LOOP_ROOM_SESSION_SWEEP_SECONDS',
      doc: 'How often each instance looks for provider sessions (Janus rooms) of rooms that expired in the store, and releases them (after two sightings in a row).',
      defaultDoc: '60',
      defaultValue: fixed('60'),
      parse: integer(1, 86_400),
    }),
  ];
}

function janusSettings(): Setting[] {
  return [
    setting({
      key: 'janusUrl',
      env: 'JANUS_URL',
      doc: "Janus's HTTP API as Loop reaches it (`http://127.0.0.1:8088/janus`).",
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optionalUrl(['http:', 'https:']),
    }),
    setting({
      key: 'janusAdminUrl',
      env: 'JANUS_ADMIN_URL',
      doc: "Janus's admin API (`http://127.0.0.1:7088/admin`): Loop adds and removes participant tokens there. Keep it off public addresses.",
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optionalUrl(['http:', 'https:']),
    }),
    setting({
      key: 'janusApiSecret',
      env: 'JANUS_API_SECRET',
      doc: "Janus's `api_secret`: Loop creates and destroys VideoRoom rooms with it. Browsers never get it.",
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optional,
      secret: true,
    }),
    setting({
      key: 'janusAdminSecret',
      env: 'JANUS_ADMIN_SECRET',
      doc: "Janus's `admin_secret` (admin API).",
      defaultDoc: 'empty',
      defaultValue: fixed(''),
      parse: optional,
      secret: true,
    }),
    setting({
      key: 'janusPublicUrl',
      env: 'JANUS_PUBLIC_URL',
      doc: "Janus's HTTP API as browsers reach it, handed to them as `janusUrl`; empty: `JANUS_URL`.",
      defaultDoc: 'empty (`JANUS_URL`)',
      defaultValue: fixed(''),
      parse: optionalUrl(['http:', 'https:']),
    }),
    setting({
      key: 'janusInstances',
      env: 'JANUS_INSTANCES',
      doc: 'Several Janus servers, each call or room pinned to one (the least loaded when it is made): JSON `{"<name>": {"url": "…", "adminUrl": "…", "publicUrl": "…"}}` (`publicUrl` optional; names: a-z, 0-9, `-`), beside the `default` one of `JANUS_URL` when that is set. The same names on every Loop instance; `JANUS_API_SECRET` and `JANUS_ADMIN_SECRET` are shared.',
      defaultDoc: '`{}`',
      defaultValue: fixed('{}'),
      parse: parseJanusInstances,
    }),
  ];
}

/** A URL containing `{token}`, possibly starting with `{publicUrl}` (checked with an example public URL). */
function roomUrlTemplate(raw: string): Parsed<string> {
  const template = raw.trim();
  if (!template.includes('{token}')) return bad('must contain {token}');
  const checked = httpUrl(template.replace(/^\{publicUrl\}/, 'http://public.example'));
  return checked.ok ? ok(template) : bad('must be an http(s) URL, or start with {publicUrl}');
}

function setting<K extends keyof Config>(s: Setting<K>): Setting<K> {
  return s;
}
const fixed = (value: string) => () => value;

export const SETTINGS: readonly Setting[] = [
  setting({
    key: 'port',
    env: 'PORT',
    doc: 'TCP port to listen on (0 picks a free one).',
    defaultDoc: '5000',
    defaultValue: fixed('5000'),
    parse: integer(0, 65535),
  }),
  setting({
    key: 'host',
    env: 'HOST',
    doc: 'Address to listen on.',
    defaultDoc: '127.0.0.1',
    defaultValue: fixed('127.0.0.1'),
    parse: nonEmpty,
  }),
  setting({
    key: 'publicUrl',
    env: 'LOOP_PUBLIC_URL',
    doc: 'Public base URL: call links (`/c/{token}`) and `progressURL` are built from it; an `https` URL makes Hawk use port 443.',
    defaultDoc: '`http://HOST:PORT`',
    defaultValue: (c) => `http://${c.host}:${c.port}`,
    parse: httpUrl,
  }),
  setting({
    key: 'dataDir',
    env: 'LOOP_DATA_DIR',
    doc: 'Directory for the SQLite file and the generated secrets.',
    defaultDoc: '`./data`',
    defaultValue: fixed('./data'),
    parse: (raw) => (raw.trim() ? ok(path.resolve(raw.trim())) : bad('must not be empty')),
  }),
  setting({
    key: 'storeUrl',
    env: 'LOOP_STORE_URL',
    doc: 'Where state lives: `sqlite:<path>`, `redis://[user:password@]host:port/db` (`rediss://` for TLS), or `redis+cluster://h1:p1,h2:p2` (`rediss+cluster://` for TLS). Several instances need Redis; see `docs/deployment.md`.',
    defaultDoc: '`sqlite:<LOOP_DATA_DIR>/loop.sqlite`',
    defaultValue: (c) => `sqlite:${path.join(c.dataDir ?? '.', 'loop.sqlite')}`,
    parse: (raw) => {
      const parsed = parseStoreUrl(raw);
      return parsed.ok ? ok(raw.trim()) : bad(parsed.problem);
    },
  }),
  setting({
    key: 'workers',
    env: 'LOOP_WORKERS',
    doc: 'Server processes on this machine (node:cluster: one primary forks them, they share the port). More than 1 needs a Redis `LOOP_STORE_URL`: SQLite mode is one process per database file. See `docs/deployment.md`.',
    defaultDoc: '1',
    defaultValue: fixed('1'),
    parse: integer(1, 256),
  }),
  setting({
    key: 'redisCommandTimeoutMs',
    env: 'LOOP_REDIS_COMMAND_TIMEOUT_MS',
    doc: 'Redis only: a command not answered within this time fails, so the request answers 503 instead of hanging.',
    defaultDoc: '1000',
    defaultValue: fixed('1000'),
    parse: integer(10, 60_000),
  }),
  setting({
    key: 'redisReconnectMaxMs',
    env: 'LOOP_REDIS_RECONNECT_MAX_MS',
    doc: 'Redis only: longest wait between two reconnection attempts (they back off up to it, forever).',
    defaultDoc: '2000',
    defaultValue: fixed('2000'),
    parse: integer(10, 60_000),
  }),
  setting({
    key: 'redisCacheEntries',
    env: 'LOOP_REDIS_CACHE_ENTRIES',
    doc: 'Redis (single node) only: call links kept in a local cache that Redis invalidates (`CLIENT TRACKING`), so a link check needs no round trip; a revoked link is refused within the invalidation latency on every instance. 0 turns it off (see docs/performance.md).',
    defaultDoc: '10000',
    defaultValue: fixed('10000'),
    parse: integer(0, 10_000_000),
  }),
  setting({
    key: 'provider',
    env: 'LOOP_PROVIDER',
    doc: 'WebRTC provider: `builtin` (no outside service), `opentok` (Vonage Video API), `livekit` or `janus` (see docs/providers.md).',
    defaultDoc: '`builtin`',
    defaultValue: fixed('builtin'),
    parse: oneOf(PROVIDERS),
  }),
  setting({
    key: 'allowedOrigins',
    env: 'LOOP_ALLOWED_ORIGINS',
    doc: 'CORS origins, comma-separated; `*` allows any origin.',
    defaultDoc: 'empty (no CORS)',
    defaultValue: fixed(''),
    parse: list,
  }),
  setting({
    key: 'secretsFile',
    env: 'LOOP_SECRETS_FILE',
    doc: 'JSON file with the server secrets, generated (mode 0600) on first start and reused after.',
    defaultDoc: '`<LOOP_DATA_DIR>/secrets.json`',
    defaultValue: (c) => path.join(c.dataDir ?? '.', 'secrets.json'),
    parse: (raw) => (raw.trim() ? ok(path.resolve(raw.trim())) : bad('must not be empty')),
  }),
  setting({
    key: 'callUrlTimeoutHours',
    env: 'LOOP_CALL_URL_TIMEOUT_HOURS',
    doc: 'Default lifetime of a call link, hours.',
    defaultDoc: '720',
    defaultValue: fixed('720'),
    parse: integer(1, 100_000),
  }),
  setting({
    key: 'callUrlMaxTimeoutHours',
    env: 'LOOP_CALL_URL_MAX_TIMEOUT_HOURS',
    doc: 'Longest lifetime a client may ask for, hours.',
    defaultDoc: '720',
    defaultValue: fixed('720'),
    parse: integer(1, 100_000),
  }),
  setting({
    key: 'roomDefaultTtlHours',
    env: 'LOOP_ROOM_DEFAULT_TTL_HOURS',
    doc: 'Lifetime of a room created without `expiresIn`, hours; a join, a leave or a participant expiry extends a room to at least this from then.',
    defaultDoc: '1344 (8 weeks)',
    defaultValue: fixed('1344'),
    parse: integer(1, 100_000),
  }),
  setting({
    key: 'roomMaxTtlHours',
    env: 'LOOP_ROOM_MAX_TTL_HOURS',
    doc: 'Longest `expiresIn` a client may ask for when it creates or changes a room, hours.',
    defaultDoc: '1344 (8 weeks)',
    defaultValue: fixed('1344'),
    parse: integer(1, 100_000),
  }),
  setting({
    key: 'roomParticipantTtlSec',
    env: 'LOOP_ROOM_PARTICIPANT_TTL_SECONDS',
    doc: 'A room participant that stops sending `refresh` is gone after this long (the `expires` of join and refresh answers). Fractions allowed.',
    defaultDoc: '300',
    defaultValue: fixed('300'),
    parse: positiveNumberUpTo(86400),
  }),
  setting({
    key: 'roomUrlTemplate',
    env: 'LOOP_ROOM_URL_TEMPLATE',
    doc: "The `roomUrl` handed out for a room: `{token}` is replaced by the room's token and `{publicUrl}` by `LOOP_PUBLIC_URL`. Point it at another client's room page if you serve one (2016: `http://localhost:3000/{token}`).",
    defaultDoc: '`{publicUrl}/r/{token}`',
    defaultValue: fixed('{publicUrl}/r/{token}'),
    parse: roomUrlTemplate,
  }),
  setting({
    key: 'roomDeletedTtlSec',
    env: 'LOOP_ROOM_DELETED_TTL_SECONDS',
    doc: 'How long `GET /rooms?version=` reports a deleted room as `{roomToken, deleted: true}`.',
    defaultDoc: '1620 (27 min)',
    defaultValue: fixed('1620'),
    parse: integer(1, 30 * 86400),
  }),
  setting({
    key: 'logLevel',
    env: 'LOG_LEVEL',
    doc: 'pino log level.',
    defaultDoc: '`info`',
    defaultValue: fixed('info'),
    parse: (raw) =>
      LOG_LEVELS.includes(raw as LogLevel) ? ok(raw as LogLevel) : bad(`must be one of: ${LOG_LEVELS.join(', ')}`),
  }),
  setting({
    key: 'sessionDurationSec',
    env: 'LOOP_SESSION_DURATION_SECONDS',
    doc: 'Hawk session lifetime, sliding with use; also the lifetime of push registrations.',
    defaultDoc: '2592000 (30 days)',
    defaultValue: fixed('2592000'),
    parse: integer(60, 10 * 365 * 86400),
  }),
  setting({
    key: 'callDurationSec',
    env: 'LOOP_CALL_DURATION_SECONDS',
    doc: 'How long a call record lives.',
    defaultDoc: '60',
    defaultValue: fixed('60'),
    parse: positiveNumber,
  }),
  setting({
    key: 'hawkSkewSec',
    env: 'LOOP_HAWK_SKEW_SECONDS',
    doc: 'Accepted clock skew of Hawk timestamps; replayed nonces are refused within it.',
    defaultDoc: '60',
    defaultValue: fixed('60'),
    parse: integer(1, 3600),
  }),
  setting({
    key: 'bodyLimitBytes',
    env: 'LOOP_BODY_LIMIT_BYTES',
    doc: 'Largest request body accepted (larger: 413 errno 113).',
    defaultDoc: '102400',
    defaultValue: fixed('102400'),
    parse: integer(1024, 10 * 1024 * 1024),
  }),
  setting({
    key: 'pushTimeoutMs',
    env: 'LOOP_PUSH_TIMEOUT_MS',
    doc: 'Timeout of each outgoing push request.',
    defaultDoc: '5000',
    defaultValue: fixed('5000'),
    parse: integer(100, 60_000),
  }),
  setting({
    key: 'pushTtlSec',
    env: 'LOOP_PUSH_TTL_SECONDS',
    doc: 'How long a push service keeps an "incoming call" (and its "call ended") for an offline device: the ringing time. Sent as the Web Push `TTL`.',
    defaultDoc: '30',
    defaultValue: fixed('30'),
    parse: integer(0, 86400),
  }),
  setting({
    key: 'pushMaxAttempts',
    env: 'LOOP_PUSH_MAX_ATTEMPTS',
    doc: 'Attempts per push when the push service answers 429 or 5xx or cannot be reached (1: no retry).',
    defaultDoc: '3',
    defaultValue: fixed('3'),
    parse: integer(1, 10),
  }),
  setting({
    key: 'pushRetryBaseMs',
    env: 'LOOP_PUSH_RETRY_BASE_MS',
    doc: 'First retry delay; doubled for each further retry.',
    defaultDoc: '500',
    defaultValue: fixed('500'),
    parse: integer(0, 60_000),
  }),
  setting({
    key: 'pushRetryMaxDelayMs',
    env: 'LOOP_PUSH_RETRY_MAX_DELAY_MS',
    doc: 'Longest wait before a retry. A push service asking (`Retry-After`) for a longer wait gets no retry.',
    defaultDoc: '10000',
    defaultValue: fixed('10000'),
    parse: integer(0, 600_000),
  }),
  setting({
    key: 'allowInsecurePush',
    env: 'LOOP_ALLOW_INSECURE_PUSH',
    doc: 'Accept `http://` Web Push endpoints on the loopback address (127.0.0.1, ::1, localhost), for tests and local use. Otherwise endpoints must be `https://`. Needs `LOOP_ALLOW_PRIVATE_PUSH=true` (loopback is a private address).',
    defaultDoc: 'false',
    defaultValue: fixed('false'),
    parse: boolean,
  }),
  setting({
    key: 'allowPrivatePush',
    env: 'LOOP_ALLOW_PRIVATE_PUSH',
    doc: 'Push to any address, including loopback, private (RFC 1918, fc00::/7), link-local and other non-public ones: for a push service on your own network, tests and local use. Otherwise such push URLs are refused at registration (400 errno 107) and names resolving to them are not connected to (see docs/push.md).',
    defaultDoc: 'false',
    defaultValue: fixed('false'),
    parse: boolean,
  }),
  setting({
    key: 'vapidSubject',
    env: 'LOOP_VAPID_SUBJECT',
    doc: 'VAPID contact (`sub` claim) sent to push services: a `mailto:` address or an `https:` URL.',
    defaultDoc: '`mailto:admin@localhost`',
    defaultValue: fixed('mailto:admin@localhost'),
    parse: vapidSubject,
  }),
  setting({
    key: 'pushServerUris',
    env: 'LOOP_PUSH_SERVER_URIS',
    doc: 'Push servers offered by `GET /push-server-config`, comma-separated.',
    defaultDoc: '`wss://push.services.mozilla.com/`',
    defaultValue: fixed('wss://push.services.mozilla.com/'),
    parse: list,
  }),
  setting({
    key: 'retryAfterSec',
    env: 'LOOP_RETRY_AFTER_SECONDS',
    doc: '`Retry-After` value on 503 and 429 answers.',
    defaultDoc: '30',
    defaultValue: fixed('30'),
    parse: integer(1, 3600),
  }),
  setting({
    key: 'heartbeatTimeoutMs',
    env: 'LOOP_HEARTBEAT_TIMEOUT_MS',
    doc: 'Timeout of each dependency check in `/__heartbeat__`.',
    defaultDoc: '2000',
    defaultValue: fixed('2000'),
    parse: integer(10, 60_000),
  }),
  setting({
    key: 'builtinTokenTtlSec',
    env: 'LOOP_BUILTIN_TOKEN_TTL_SECONDS',
    doc: 'Lifetime of participant tokens signed by the built-in provider.',
    defaultDoc: '3600',
    defaultValue: fixed('3600'),
    parse: integer(60, 86400),
  }),
  setting({
    key: 'oidcIssuer',
    env: 'LOOP_OIDC_ISSUER',
    doc: 'OpenID Connect issuer URL for sign-in (its `/.well-known/openid-configuration` is read). Unset: sign-in is off. Needs the three settings below.',
    defaultDoc: 'unset (sign-in off)',
    defaultValue: fixed(''),
    parse: orNull(issuerUrl),
  }),
  setting({
    key: 'oidcClientId',
    env: 'LOOP_OIDC_CLIENT_ID',
    doc: 'Our client id at the issuer; access tokens must be meant for it (`aud` or `client_id`).',
    defaultDoc: 'unset',
    defaultValue: fixed(''),
    parse: orNull(nonEmpty),
  }),
  setting({
    key: 'oidcClientSecret',
    env: 'LOOP_OIDC_CLIENT_SECRET',
    doc: 'Our client secret at the issuer (a secret: keep it out of shared files), used at its token endpoint.',
    defaultDoc: 'unset',
    defaultValue: fixed(''),
    parse: orNull(nonEmpty),
  }),
  setting({
    key: 'oidcRedirectUri',
    env: 'LOOP_OIDC_REDIRECT_URI',
    doc: 'Where the issuer sends the user back with a code (registered with the issuer; the client app handles it).',
    defaultDoc: 'unset',
    defaultValue: fixed(''),
    parse: orNull(nonEmpty),
  }),
  setting({
    key: 'oidcScopes',
    env: 'LOOP_OIDC_SCOPES',
    doc: 'Scopes asked for in the code flow, space- or comma-separated; a Bearer access token must carry every one.',
    defaultDoc: '`openid email profile`',
    defaultValue: fixed('openid email profile'),
    parse: (raw) => {
      const scopes = raw.split(/[\s,]+/).filter(Boolean);
      return scopes.includes('openid') ? ok(scopes) : bad('must include openid');
    },
  }),
  setting({
    key: 'oidcDiscoveryTtlSec',
    env: 'LOOP_OIDC_DISCOVERY_TTL_SECONDS',
    doc: "How long the issuer's discovery document is cached.",
    defaultDoc: '3600',
    defaultValue: fixed('3600'),
    parse: integer(0, 86400),
  }),
  setting({
    key: 'oidcJwksCooldownMs',
    env: 'LOOP_OIDC_JWKS_COOLDOWN_MS',
    doc: "Least time between two fetches of the issuer's keys when a token names an unknown key (key rotation).",
    defaultDoc: '30000',
    defaultValue: fixed('30000'),
    parse: integer(0, 3_600_000),
  }),
  setting({
    key: 'oidcTimeoutMs',
    env: 'LOOP_OIDC_TIMEOUT_MS',
    doc: 'Timeout of each request to the issuer (discovery, keys, token, userinfo); past it: 503 errno 201.',
    defaultDoc: '5000',
    defaultValue: fixed('5000'),
    parse: integer(50, 60_000),
  }),
  setting({
    key: 'signInRateLimitPerMinute',
    env: 'LOOP_SIGN_IN_RATE_LIMIT_PER_MINUTE',
    doc: 'Sign-in requests (`/fxa-oauth/*`, `POST /registration` with a Bearer token) allowed per client address per minute; more: 429 errno 116.',
    defaultDoc: '30',
    defaultValue: fixed('30'),
    parse: integer(1, 100_000),
  }),
  ...limitSettings(),
  setting({
    key: 'timerSupervisorySec',
    env: 'LOOP_TIMER_SUPERVISORY',
    doc: 'Seconds a call may wait, after one side said hello on the progress websocket, for the other side (then `terminated`/`timeout`). Fractions allowed.',
    defaultDoc: '10',
    defaultValue: fixed('10'),
    parse: positiveNumber,
  }),
  setting({
    key: 'timerRingingSec',
    env: 'LOOP_TIMER_RINGING',
    doc: 'Seconds a call may ring (from the callee hello) before it ends with `timeout`. Fractions allowed.',
    defaultDoc: '30',
    defaultValue: fixed('30'),
    parse: positiveNumber,
  }),
  setting({
    key: 'timerConnectionSec',
    env: 'LOOP_TIMER_CONNECTION',
    doc: 'Seconds from `accept` until both sides report media up, else `timeout`. Fractions allowed. `LOOP_CALL_DURATION_SECONDS` must be at least the sum of the three timers.',
    defaultDoc: '10',
    defaultValue: fixed('10'),
    parse: positiveNumber,
  }),
  setting({
    key: 'pubsubUrl',
    env: 'LOOP_PUBSUB_URL',
    doc: 'Redis pub/sub between instances: call progress, signalling, user events (`redis://host:6379/0`); empty: in-process, for a single instance.',
    defaultDoc: 'empty',
    defaultValue: fixed(''),
    parse: pubsubUrl,
  }),
  setting({
    key: 'wsMaxFrameBytes',
    env: 'LOOP_WS_MAX_FRAME_BYTES',
    doc: 'Largest websocket frame accepted (progress, signalling and events sockets); a larger one closes the socket (1009). Signalling frames carry SDP offers of several KiB.',
    defaultDoc: '65536',
    defaultValue: fixed('65536'),
    parse: integer(256, 1024 * 1024),
  }),
  setting({
    key: 'wsMaxSocketsPerCall',
    env: 'LOOP_WS_MAX_SOCKETS_PER_CALL',
    doc: 'Progress sockets one instance accepts per call (all devices of both sides).',
    defaultDoc: '10',
    defaultValue: fixed('10'),
    parse: integer(2, 1000),
  }),
  setting({
    key: 'wsHelloTimeoutSec',
    env: 'LOOP_WS_HELLO_TIMEOUT_SECONDS',
    doc: 'Seconds a websocket may stay open without its first frame: a progress socket without joining a call (a valid `hello`; then the error `No hello in time.` and close 1008), a user events socket without a valid `hello`, a signalling socket without a valid `join` (both: error `timeout`, close 4408), so idle sockets cannot pile up. Fractions allowed; at most 3600.',
    defaultDoc: '10',
    defaultValue: fixed('10'),
    parse: positiveNumberUpTo(3600),
  }),
  setting({
    key: 'stunUrls',
    env: 'LOOP_STUN_URLS',
    doc: 'STUN servers handed to built-in and Janus provider participants as `iceServers` (comma-separated `stun:host:port`).',
    defaultDoc: 'empty',
    defaultValue: fixed(''),
    parse: iceUrls,
  }),
  setting({
    key: 'turnUrls',
    env: 'LOOP_TURN_URLS',
    doc: 'TURN servers handed to built-in and Janus provider participants with time-limited credentials (comma-separated `turn:host:3478?transport=udp`, `turns:…`); needs `LOOP_TURN_SECRET`. See docs/webrtc.md.',
    defaultDoc: 'empty',
    defaultValue: fixed(''),
    parse: iceUrls,
  }),
  setting({
    key: 'turnSecret',
    env: 'LOOP_TURN_SECRET',
    doc: "The TURN server's shared secret (coturn `static-auth-secret`): signs each participant's TURN credential.",
    defaultDoc: 'empty',
    defaultValue: fixed(''),
    parse: optional,
    secret: true,
  }),
  setting({
    key: 'turnTtlSec',
    env: 'LOOP_TURN_TTL',
    doc: 'Seconds a TURN credential stays valid after it is handed out.',
    defaultDoc: '86400',
    defaultValue: fixed('86400'),
    parse: integer(60, 7 * 86400),
  }),
  setting({
    key: 'trustProxy',
    env: 'LOOP_TRUST_PROXY',
    doc: "Which reverse proxies to believe about the client address (`X-Forwarded-For`, `-Proto`, `-Host`): `false` (none: the address is the TCP peer), `true` (any: only when nothing but the proxy can reach Loop), or a comma-separated list of addresses and CIDR blocks (`127.0.0.1,10.0.0.0/8`). The rate limits count per client address, so behind a proxy set this, or every client shares the proxy's address.",
    defaultDoc: 'false',
    defaultValue: fixed('false'),
    parse: trustedProxies,
  }),
  ...providerSettings(),
];

/** Settings read outside this table: the optional file, and the secrets (see `secrets.ts`). */
export const CONFIG_FILE_ENV = 'LOOP_CONFIG';
