import type { FastifyRequest } from 'fastify';
import { LoopError } from '../errors/loop-error.ts';
import { acceptsJson } from './body-parsers.ts';

/** Route-level preValidation: a client whose Accept refuses JSON gets 406 errno 106 (spec §2.4). */
export async function requireJsonAccept(request: FastifyRequest): Promise<void> {
  if (!acceptsJson(request.headers.accept)) throw LoopError.notAcceptable();
}
