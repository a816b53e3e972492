import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';
import type { PushEndpointStore } from '../storage/store.ts';
import type { Notifier, PushMessage, PushOutcome } from './notifier.ts';

/**
 * Wakes every device of a user. Callers do not wait for it, but nothing is fire-and-forget: each outcome is
 * logged and counted, gone endpoints are removed, and `drain()` lets shutdown wait for pushes in flight.
 */
export class PushFanOut {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: { pushEndpoints: PushEndpointStore; notifier: Notifier; metrics: Metrics; log: FastifyBaseLogger },
  ) {}

  /** Starts waking `user`'s devices and returns at once; the work is tracked until it settles. */
  wake(user: string, message: PushMessage): void {
    const work = this.wakeAll(user, message).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Wakes every device and resolves with each endpoint's outcome. */
  async wakeAll(user: string, message: PushMessage): Promise<PushOutcome[]> {
    const { pushEndpoints, notifier, metrics, log } = this.deps;
    let endpoints: string[];
    try {
      endpoints = await pushEndpoints.listForUser(user, message.topic);
    } catch (error) {
      log.error({ err: error, reason: message.reason }, 'push: cannot list endpoints');
      return [];
    }
    return Promise.all(
      endpoints.map(async (endpoint) => {
        const outcome = await notifier.notify(endpoint, message);
        metrics.pushOutcomes.inc({ transport: notifier.transport, outcome });
        log.info({ push: { transport: notifier.transport, outcome, reason: message.reason, host: new URL(endpoint).host } }, 'push sent');
        if (outcome === 'gone') {
          await pushEndpoints.deleteUrl(user, endpoint).catch((error: unknown) => log.error({ err: error }, 'push: cannot remove a gone endpoint'));
        }
        return outcome;
      }),
    );
  }

  /** Resolves once every push started so far has settled. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get pending(): number {
    return this.inFlight.size;
  }
}
