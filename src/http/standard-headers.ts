import type { FastifyInstance } from 'fastify';
import { nowSec, type Clock } from '../clock.ts';
import type { Metrics } from '../observability/metrics.ts';

/**
 * Headers the Loop API promises on every response: `Timestamp` on 200 and 401 (clients fix their clock
 * skew for Hawk from it) and `Retry-After` on 503 and 429.
 */
export function registerStandardHeaders(app: FastifyInstance, options: { clock: Clock; retryAfterSec: number; metrics: Metrics }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    const status = reply.statusCode;
    if (status === 200 || status === 401) reply.header('timestamp', String(nowSec(options.clock)));
    if ((status === 503 || status === 429) && !reply.hasHeader('retry-after')) reply.header('retry-after', String(options.retryAfterSec));
    options.metrics.httpResponses.inc({ status_class: `${Math.floor(status / 100)}xx` });
    return payload;
  });
}
