import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';
import type { PushEndpointStore } from '../storage/store.ts';
import type { PushTargets, WebPushSubscription } from './push-targets.ts';
import type { Notifier, PushDelivery, PushMessage } from './notifier.ts';
import type { RoomChange } from '../rooms/room-event.ts';
import {
  callEndedMessage,
  roomChangedMessage,
  wakeMessage,
  type EndedCall,
  type WakeRequest,
} from './push-messages.ts';

export interface DeliveryReport extends PushDelivery {
  transport: 'simplepush' | 'webpush';
  /** Host of the endpoint only: the full URL is a capability and stays out of logs. */
  host: string;
}

/** Registration only checks a URL's scheme, so a stored URL may not parse: report it, do not throw. */
function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return '(invalid URL)';
  }
}

export interface FanOutDeps {
  pushEndpoints: PushEndpointStore;
  simplePush: Notifier<string>;
  webPush: Notifier<WebPushSubscription>;
  metrics: Metrics;
  log: FastifyBaseLogger;
  /** TTL of pushed messages, seconds: the ringing time for calls, and room news too. */
  ttlSec: number;
}

/**
 * Wakes every device of a user over the transport it registered: SimplePush URLs and Web Push
 * subscriptions. Callers do not wait, but nothing is fire-and-forget: each outcome is logged and counted,
 * gone endpoints are removed, and `drain()` lets shutdown wait for pushes in flight. A push never fails
 * the request that caused it.
 */
export class PushFanOut {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: FanOutDeps) {}

  /** A new call, or news under a topic: wakes every device. Returns at once; the work is tracked. */
  wake(user: string, request: WakeRequest): void {
    this.track(this.deliver(user, wakeMessage(request, this.deps.ttlSec)));
  }

  /**
   * A call ended before it was answered: the Web Push devices of every callee (each user of a direct call)
   * get a "call-ended" that replaces a pending "incoming-call" (same Topic) or lets an awake app stop
   * ringing. SimplePush devices are not pinged. `callees` may still be being looked up: the lookup is
   * tracked with the pushes, so the caller does not wait for it either.
   */
  callEnded(callees: readonly string[] | Promise<readonly string[]>, call: EndedCall, reason: string): void {
    const message = callEndedMessage(call, reason, this.deps.ttlSec);
    this.track(
      (async () => {
        const users = new Set(await callees);
        return Promise.all([...users].map((user) => this.deliver(user, message)));
      })(),
    );
  }

  /**
   * A room of `user` changed (spec §7.6): every `rooms` SimplePush URL gets `version`, every Web Push
   * subscription of the `rooms` topic a "room-changed". Returns at once; the work is tracked like a call's.
   */
  roomChanged(user: string, change: RoomChange): void {
    this.track(this.deliver(user, roomChangedMessage(change, this.deps.ttlSec)));
  }

  /** Sends `message` to every device of `user` and resolves with each endpoint's outcome. Never rejects. */
  async deliver(user: string, message: PushMessage): Promise<DeliveryReport[]> {
    const { pushEndpoints, simplePush, webPush, log } = this.deps;
    let targets: PushTargets;
    try {
      targets = await pushEndpoints.listTargetsForUser(user, message.topic);
    } catch (error) {
      log.error({ err: error, reason: message.reason }, 'push: cannot list endpoints');
      return [];
    }
    const urls = message.viaSimplePush ? targets.simplePushUrls : [];
    return Promise.all([
      ...urls.map((url) => this.sendOne(user, simplePush, url, url, message)),
      ...targets.webPushSubscriptions.map((subscription) =>
        this.sendOne(user, webPush, subscription, subscription.endpoint, message),
      ),
    ]);
  }

  private async sendOne<T>(
    user: string,
    notifier: Notifier<T>,
    target: T,
    endpoint: string,
    message: PushMessage,
  ): Promise<DeliveryReport> {
    const { metrics, log, pushEndpoints } = this.deps;
    const started = performance.now();
    const delivery = await notifier
      .notify(target, message)
      .catch((): PushDelivery => ({ outcome: 'failed', attempts: 0, last: 'unsendable' }));
    // Object.assign: a spread followed by new properties is slow on Node 20 (docs/performance.md).
    const report: DeliveryReport = Object.assign({}, delivery, {
      transport: notifier.transport,
      host: hostOf(endpoint),
    });
    const labels = { transport: report.transport, outcome: report.outcome };
    metrics.pushOutcomes.inc(labels);
    metrics.pushSeconds.observe(labels, (performance.now() - started) / 1000);
    if (report.attempts > 1) metrics.pushRetries.inc({ transport: report.transport }, report.attempts - 1);
    const level = report.outcome === 'failed' ? 'warn' : 'info';
    log[level]({ push: Object.assign({}, report, { reason: message.reason }) }, `push ${report.outcome}`);
    if (report.outcome === 'gone') {
      await pushEndpoints
        .deleteUrl(user, endpoint)
        .catch((error: unknown) => log.error({ err: error }, 'push: cannot remove a gone endpoint'));
    }
    return report;
  }

  private track(work: Promise<unknown>): void {
    // deliver() does not reject; the catch is the guarantee that a push can never become an unhandled rejection.
    const tracked = work
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'push: fan-out failed'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Resolves once every push started so far has settled. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get pending(): number {
    return this.inFlight.size;
  }
}
