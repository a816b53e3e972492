import type { FastifyInstance } from 'fastify';
import { nowSec, type Clock } from '../clock.ts';
import type { Metrics } from '../observability/metrics.ts';

/**
 * Headers the Loop API promises on every response: `Timestamp` on 200 and 401 (clients fix their clock
 * skew for Hawk from it) and `Retry-After` on 503 and 429.
 */
export function registerStandardHeaders(
  app: FastifyInstance,
  options: { clock: Clock; retryAfterSec: number; metrics: Metrics },
): void {
  // One counter child per status class, looked up by index: prom-client's labelled inc() hashes the labels
  // on every call, and this runs on every response.
  const responses = ['1xx', '2xx', '3xx', '4xx', '5xx'].map((statusClass) =>
    options.metrics.httpResponses.labels({ status_class: statusClass }),
  );
  // A callback hook (no promise and microtask per response).
  app.addHook('onSend', (_request, reply, payload, done) => {
    const status = reply.statusCode;
    if (status === 200 || status === 401) reply.header('timestamp', String(nowSec(options.clock)));
    if ((status === 503 || status === 429) && !reply.hasHeader('retry-after'))
      reply.header('retry-after', String(options.retryAfterSec));
    const counter = responses[Math.floor(status / 100) - 1];
    if (counter) counter.inc();
    else options.metrics.httpResponses.inc({ status_class: `${Math.floor(status / 100)}xx` });
    done(null, payload);
  });
}
