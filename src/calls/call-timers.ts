/**
 * Fires stored call deadlines. Deadlines live in the store, not in this process: on start it asks the
 * store for the soonest one, it re-arms after every local change, and it polls so that deadlines set by
 * another instance (or by one that died) still fire. Acting on a deadline means applying the `timeout`
 * event, which re-reads the call and compare-and-sets it: two instances firing the same deadline end
 * the call once.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { CallStore } from '../storage/store.ts';

export interface CallTimersOptions {
  calls: CallStore;
  clock: Clock;
  log: Logger;
  /** How often to look for deadlines this instance did not set itself. */
  pollIntervalMs: number;
  /**
   * Resolves once the store takes commands (a Redis connection is ready), rejects if it is not within its own
   * time. Awaited before the first read: without it every start on Redis logged "cannot read call deadlines",
   * the first read having run before the connection was up.
   */
  storeReady?: () => Promise<void>;
}

/** Calls handled per wake-up; more are picked up at once on the next round. */
const BATCH = 100;
/** setTimeout's limit; deadlines further away are re-checked when it elapses. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class CallTimers {
  private timer: NodeJS.Timeout | undefined;
  private armedAt: number | null = null;
  private poller: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = true;

  /** Applies the timeout event to one call; given after construction (see `handleDueWith`). */
  private onDue: ((callId: string) => Promise<void>) | null = null;

  constructor(private readonly options: CallTimersOptions) {}

  /**
   * What to do with a due call. Given once the deps exist, since applying an event needs all of them: the
   * timers are built first, as one of those deps.
   */
  handleDueWith(onDue: (callId: string) => Promise<void>): void {
    this.onDue = onDue;
  }

  /** Picks up the deadlines already in the store (after a restart, or set by other instances). */
  async start(): Promise<void> {
    if (!this.onDue) throw new Error('CallTimers.start() before handleDueWith()');
    this.stopped = false;
    const starting = this.begin();
    // Without a readiness to wait for (SQLite), the deadlines are read before start() resolves. With one
    // (Redis), the server must not wait for it to come up: it listens, answers 503, and the timers begin
    // once Redis answers.
    if (!this.options.storeReady) await starting;
  }

  private async begin(): Promise<void> {
    await this.options.storeReady?.().catch((error: unknown) =>
      // Not fatal: the poll reads the deadlines once the store is back (and says so if it still cannot).
      this.options.log.warn({ err: error }, 'store not ready: call deadlines will be read when it is'),
    );
    if (this.stopped) return;
    this.poller = setInterval(() => void this.refresh(), this.options.pollIntervalMs);
    this.poller.unref();
    await this.refresh();
  }

  /** Told of a deadline just written by this instance; arms sooner if it is the soonest. */
  schedule(at: number | null): void {
    if (this.stopped || at === null) return;
    if (this.armedAt === null || at < this.armedAt) this.arm(at);
  }

  async stop(): Promise<void> {
    // Not waiting for a start still waiting on the store: it sees `stopped` and arms nothing.
    this.stopped = true;
    clearInterval(this.poller);
    clearTimeout(this.timer);
    this.armedAt = null;
    await this.running;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedAt = at;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, at - this.options.clock.now()));
    this.timer = setTimeout(() => void this.fireDue(), delay);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    if (this.stopped || this.running) return;
    try {
      const next = await this.options.calls.nextDeadline();
      if (next !== null) this.schedule(next);
    } catch (error) {
      this.options.log.error({ err: error }, 'cannot read call deadlines');
    }
  }

  private async fireDue(): Promise<void> {
    this.armedAt = null;
    if (this.stopped || this.running) return;
    this.running = this.fireBatches();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    await this.refresh();
  }

  private async fireBatches(): Promise<void> {
    const onDue = this.onDue;
    if (!onDue) return;
    try {
      for (;;) {
        const due = await this.options.calls.listDue(this.options.clock.now(), BATCH);
        for (const callId of due) {
          await onDue(callId).catch((error: unknown) =>
            this.options.log.error({ err: error, callId }, 'call timeout failed'),
          );
        }
        if (due.length < BATCH || this.stopped) return;
      }
    } catch (error) {
      this.options.log.error({ err: error }, 'cannot list due calls');
    }
  }
}
