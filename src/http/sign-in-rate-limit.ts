/**
 * Rate limiting of the sign-in endpoints (each attempt costs the identity provider a request). One counter
 * per client address across every sign-in route and both prefixes. Counters live in this process: with
 * several instances, each allows the configured rate (pass a shared store when that matters).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoopError } from '../errors/loop-error.ts';

const WINDOW_MS = 60_000;

export async function registerSignInRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // The default generator reads req.ip, which injectWS() requests lack; an address is all we key on anyway.
    keyGenerator: (request: FastifyRequest) => request.ip || 'unknown',
    errorResponseBuilder: (_request, context) => LoopError.tooManyRequests(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

/** Route `config.rateLimit` for a sign-in route; `onlyWhen` exempts requests that are not sign-in attempts. */
export function signInRateLimit(maxPerMinute: number, onlyWhen?: (request: FastifyRequest) => boolean) {
  return {
    max: maxPerMinute,
    timeWindow: WINDOW_MS,
    groupId: 'sign-in',
    ...(onlyWhen ? { allowList: (request: FastifyRequest) => !onlyWhen(request) } : {}),
  };
}

export const hasBearer = (request: FastifyRequest): boolean => /^bearer\s/i.test(request.headers.authorization ?? '');
