/**
 * Rate limiting of the sign-in endpoints (each attempt costs the identity provider a request): one counter
 * per client address, shared by every sign-in route under both prefixes. Counters live in this process:
 * with several instances, each allows the configured rate.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { LoopError } from '../errors/loop-error.ts';

const WINDOW_MS = 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook counting a sign-in attempt (only requests `onlyWhen` accepts, when given). */
    signInRateLimit(onlyWhen?: (request: FastifyRequest) => boolean): onRequestAsyncHookHandler;
  }
}

export async function registerSignInRateLimit(app: FastifyInstance, maxPerMinute: number): Promise<void> {
  // global: false — only the routes that ask are limited; createRateLimit gives one store for all of them
  // (route-level `config.rateLimit` would give each route, and each prefix, a counter of its own).
  await app.register(rateLimit, { global: false });
  const limiter = app.createRateLimit({
    max: maxPerMinute,
    timeWindow: WINDOW_MS,
    // The default generator reads req.ip, which injectWS() requests lack; an address is all we key on anyway.
    keyGenerator: (request: FastifyRequest) => request.ip || 'unknown',
  });
  app.decorate(
    'signInRateLimit',
    (onlyWhen?: (request: FastifyRequest) => boolean): onRequestAsyncHookHandler =>
      async (request) => {
        if (onlyWhen && !onlyWhen(request)) return;
        const verdict = await limiter(request);
        if (!verdict.isAllowed && verdict.isExceeded)
          throw LoopError.tooManyRequests(Math.max(1, verdict.ttlInSeconds), 'sign-in attempts');
      },
  );
}

export const hasBearer = (request: FastifyRequest): boolean => /^bearer\s/i.test(request.headers.authorization ?? '');
