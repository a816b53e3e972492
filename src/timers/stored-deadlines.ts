/**
 * Fires deadlines kept in the store: call timers and room participations. The deadlines live in the store,
 * not in this process: on start it asks the store for the soonest one, it is told of each deadline this
 * instance writes, and it polls so that deadlines set by another instance (or by one that died) still fire.
 * Acting on a deadline must itself be safe to race (a compare-and-set, or a removal that succeeds for one
 * caller): two instances firing the same deadline act once.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';

/** Where the deadlines are: the store's view of what is due. */
export interface DeadlineSource<Due> {
  /** What is due at `now`, soonest first, at most `limit`. */
  listDue(now: number, limit: number): Promise<Due[]>;
  /** The soonest pending deadline, or null when none is. */
  nextDeadline(): Promise<number | null>;
}

export interface StoredDeadlinesOptions<Due> {
  source: DeadlineSource<Due>;
  clock: Clock;
  log: Logger;
  /** What the deadlines are for, in log lines: "call", "participant". */
  what: string;
  /** Log fields naming one due item when acting on it failed; none when it has nothing safe to log. */
  describe?: (due: Due) => Record<string, unknown>;
  /** How often to look for deadlines this instance did not set itself. */
  pollIntervalMs: number;
  /**
   * Resolves once the store takes commands (a Redis connection is ready), rejects if it is not within its own
   * time. Awaited before the first read: without it every start on Redis logged "cannot read … deadlines",
   * the first read having run before the connection was up.
   */
  storeReady?: () => Promise<void>;
}

/** Items handled per wake-up; more are picked up at once on the next round. */
const BATCH = 100;
/** setTimeout's limit; deadlines further away are re-checked when it elapses. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class StoredDeadlines<Due> {
  private timer: NodeJS.Timeout | undefined;
  private armedAt: number | null = null;
  private poller: NodeJS.Timeout | undefined;
  private running: Promise<boolean> | null = null;
  private stopped = true;
  private onDue: ((due: Due, now: number) => Promise<void>) | null = null;

  constructor(private readonly options: StoredDeadlinesOptions<Due>) {}

  /**
   * What to do with a due item. Given once the deps exist, since acting on it needs all of them, and these
   * timers are one of those deps.
   */
  handleDueWith(onDue: (due: Due, now: number) => Promise<void>): void {
    this.onDue = onDue;
  }

  /** Picks up the deadlines already in the store (after a restart, or set by other instances). */
  async start(): Promise<void> {
    if (!this.onDue) throw new Error(`${this.options.what} deadlines started before handleDueWith()`);
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
      this.options.log.warn({ err: error }, `store not ready: ${this.options.what} deadlines will be read when it is`),
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

  /** Leaves the deadlines to the store (another instance, or this one after a restart, fires them). */
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
      const next = await this.options.source.nextDeadline();
      if (next !== null) this.schedule(next);
    } catch (error) {
      this.options.log.error({ err: error }, `cannot read ${this.options.what} deadlines`);
    }
  }

  private async fireDue(): Promise<void> {
    this.armedAt = null;
    if (this.stopped || this.running) return;
    this.running = this.fireBatches();
    let allHandled: boolean;
    try {
      allHandled = await this.running;
    } finally {
      this.running = null;
    }
    // After a failure the next try waits for the poll: re-arming now on a deadline that keeps failing would spin.
    if (allHandled) await this.refresh();
  }

  /** Handles everything due, batch after batch; false when one item (or the listing) failed. */
  private async fireBatches(): Promise<boolean> {
    const { onDue } = this;
    const { source, clock, log, what, describe } = this.options;
    if (!onDue) return true;
    try {
      for (;;) {
        const now = clock.now();
        const due = await source.listDue(now, BATCH);
        let failed = 0;
        for (const item of due) {
          await onDue(item, now).catch((error: unknown) => {
            failed += 1;
            log.error({ err: error, ...describe?.(item) }, `${what} deadline failed`);
          });
        }
        if (failed > 0) return false;
        if (due.length < BATCH || this.stopped) return true;
      }
    } catch (error) {
      log.error({ err: error }, `cannot list due ${what}s`);
      return false;
    }
  }
}
