import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * CORS as the historical server did it (spec §2.5): an allowed origin is reflected, anything else gets no
 * CORS headers at all. Hawk headers and the session token must be readable by browser clients.
 */
export async function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && (anyOrigin || allowed.has(origin))),
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    exposedHeaders: ['Hawk-Session-Token', 'Timestamp', 'Server-Authorization', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
}
