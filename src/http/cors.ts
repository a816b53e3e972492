import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { LoopError } from '../errors/loop-error.ts';

/**
 * CORS as the historical server did it (spec §2.5): an allowed origin is reflected, anything else gets no
 * CORS headers at all. Hawk headers and the session token must be readable by browser clients.
 */
export async function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  const isAllowed = (origin: string | undefined) => origin !== undefined && (anyOrigin || allowed.has(origin));
  // @fastify/cors refuses a preflight without its method with a text/plain 400; this one runs first and
  // refuses it in JSON.
  app.addHook('onRequest', (request, _reply, done) => {
    if (
      request.method === 'OPTIONS' &&
      isAllowed(request.headers.origin) &&
      request.headers['access-control-request-method'] === undefined
    )
      done(LoopError.protocol(400, 'A CORS preflight must carry Access-Control-Request-Method.'));
    else done();
  });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, isAllowed(origin)),
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    exposedHeaders: ['Hawk-Session-Token', 'Timestamp', 'Server-Authorization', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
}
