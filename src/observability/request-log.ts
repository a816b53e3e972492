import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { redactUrl } from './logger.ts';

const VERBOSE_LEVELS = new Set(['debug', 'trace']);

/**
 * One summary line per request (the 2016 `request.summary`), instead of Fastify's two: half the log
 * volume on every request, with the fields operators filter on. Tokens in the URL are masked.
 */
export class RequestSummaryLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    // Checked first: the arguments (a masked URL) would otherwise be built on every request for nothing.
    if (VERBOSE_LEVELS.has(request.log.level))
      request.log.debug({ method: request.method, url: redactUrl(request.url) }, 'incoming request');
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const summary = {
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      user: request.session ? (request.session.registered ? 'registered' : 'anonymous') : 'none',
    };
    if (error) request.log.error({ ...summary, err: error }, 'request failed');
    else request.log.info(summary, 'request');
  }
}
