/**
 * Per-minute rate limits against strangers (docs/security.md): each named limit counts one thing (sessions
 * minted, calls started, room joins, sign-in attempts) per client address or per link, in one
 * @fastify/rate-limit store. With a Redis store the counters live in that Redis, so every instance shares
 * them; on SQLite they live in this process. A route applies a limit in one line, as a hook:
 * `preHandler: app.rateLimited('callsPerLink')`, or with a condition, `app.rateLimited('signIn', hasBearer)`.
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.ts';
import type { Metrics } from '../observability/metrics.ts';
import { LoopError } from '../errors/loop-error.ts';
import { keys } from '../storage/redis/keys.ts';
import type { RedisConnection } from '../storage/redis/scripts.ts';

const WINDOW_MS = 60_000;

export type RateLimitName = 'signIn' | 'sessions' | 'callsPerAddress' | 'callsPerLink' | 'roomJoinsPerAddress';

interface RateLimitRule {
  /** 0: the limit is off. */
  perMinute: number;
  /** Worded for the 429's message: "Too many <what>; retry in N seconds." */
  what: string;
  key: (request: FastifyRequest) => string;
}

/** A limit as a hook: resolves when the request may go on, throws 429 errno 116 when it is over. */
export type RateLimitCheck = (request: FastifyRequest) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The hook counting `name` (only for requests `onlyWhen` accepts, when given). */
    rateLimited(name: RateLimitName, onlyWhen?: (request: FastifyRequest) => boolean): RateLimitCheck;
  }
}

/**
 * The client's address as counted: an IPv6 client by its /64 (one host usually holds a whole /64, and could
 * otherwise count afresh with each address of it). `request.ip` honours X-Forwarded-For only from the proxies
 * LOOP_TRUST_PROXY names; injectWS() requests have none.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const byAddress = (request: FastifyRequest) => addressKey(request.ip);
/** A link is counted under a hash of its token: the counter (in Redis, maybe) must not hold the capability. */
const byLink = (request: FastifyRequest) =>
  createHash('sha256')
    .update((request.params as { token?: string } | undefined)?.token ?? '')
    .digest('hex')
    .slice(0, 32);

export function rateLimitRules(config: Config): Record<RateLimitName, RateLimitRule> {
  return {
    signIn: { perMinute: config.signInRateLimitPerMinute, what: 'sign-in attempts', key: byAddress },
    sessions: { perMinute: config.rateLimitSessionsPerMinute, what: 'new sessions from this address', key: byAddress },
    callsPerAddress: {
      perMinute: config.rateLimitCallsPerAddressPerMinute,
      what: 'calls from this address',
      key: byAddress,
    },
    callsPerLink: { perMinute: config.rateLimitCallsPerLinkPerMinute, what: 'calls to this link', key: byLink },
    roomJoinsPerAddress: {
      perMinute: config.rateLimitRoomJoinsPerAddressPerMinute,
      what: 'room joins from this address',
      key: byAddress,
    },
  };
}

export async function registerRateLimits(
  app: FastifyInstance,
  options: { config: Config; redis: RedisConnection | null; metrics: Metrics },
): Promise<void> {
  // global: false — only the routes that ask are limited; createRateLimit gives one counter per key for all of
  // them (route-level `config.rateLimit` would count each route, and each prefix, apart). skipOnError: a Redis
  // that is down does not refuse requests for being unable to count them (those needing storage fail anyway).
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    nameSpace: keys.rateLimitNamespace,
    ...(options.redis ? { redis: options.redis } : {}),
  });
  const rules = rateLimitRules(options.config);
  const checks = new Map<RateLimitName, RateLimitCheck>();
  for (const [name, rule] of Object.entries(rules) as Array<[RateLimitName, RateLimitRule]>) {
    if (rule.perMinute === 0) {
      checks.set(name, async () => {});
      continue;
    }
    const limiter = app.createRateLimit({
      max: rule.perMinute,
      timeWindow: WINDOW_MS,
      // The limit's name first: all limits share one store.
      keyGenerator: (request: FastifyRequest) => `${name}:${rule.key(request)}`,
    });
    checks.set(name, async (request) => {
      const verdict = await limiter(request);
      if (!verdict.isAllowed && verdict.isExceeded) {
        // Counted by limit: an operator tells a stranger's flood (one limit climbing) from limits set too low.
        options.metrics.rateLimited.inc({ limit: name });
        throw LoopError.tooManyRequests(Math.max(1, verdict.ttlInSeconds), rule.what);
      }
    });
  }
  app.decorate('rateLimited', (name: RateLimitName, onlyWhen?: (request: FastifyRequest) => boolean) => {
    const check = checks.get(name) ?? (async () => {});
    return onlyWhen ? async (request: FastifyRequest) => (onlyWhen(request) ? check(request) : undefined) : check;
  });
}

export const hasBearer = (request: FastifyRequest): boolean => /^bearer\s/i.test(request.headers.authorization ?? '');
