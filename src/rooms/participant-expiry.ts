/**
 * Fires stored participant deadlines (a participant that stopped sending `refresh` is gone after
 * LOOP_ROOM_PARTICIPANT_TTL_SECONDS). Like the call timers, the deadlines live in the store, not in this
 * process: on start it asks the store for the soonest one, it is told of each deadline a local join or
 * refresh writes, and it polls so that deadlines set by another instance (or by one that died) still fire.
 * Acting on a deadline starts with `expireParticipant`, which removes the participation for exactly one
 * caller: two instances firing the same deadline notify the owner once (the 2016 server, which acted on
 * Redis key expiry events in every instance, could notify twice: spec §16.13).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { RoomStore } from '../storage/store.ts';
import type { DueParticipant } from './room-record.ts';

export interface RoomTimersOptions {
  rooms: RoomStore;
  clock: Clock;
  log: Logger;
  /** How often to look for deadlines this instance did not set itself. */
  pollIntervalMs: number;
}

/** Participations handled per wake-up; more are picked up at once on the next round. */
const BATCH = 100;
/** setTimeout's limit; deadlines further away are re-checked when it elapses. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The poll interval for a participant TTL: a tenth of it, so a deadline whose instance died fires at most
 * 10% late, between 50 ms (tests run with sub-second TTLs) and 30 s (one cheap read per instance).
 */
export function participantPollIntervalMs(participantTtlSec: number): number {
  return Math.round(Math.min(30_000, Math.max(50, (participantTtlSec * 1000) / 10)));
}

export class RoomTimers {
  private timer: NodeJS.Timeout | undefined;
  private armedAt: number | null = null;
  private poller: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = true;

  /** Ends one due participation; given after construction (see `handleDueWith`). */
  private onDue: ((due: DueParticipant, now: number) => Promise<void>) | null = null;

  constructor(private readonly options: RoomTimersOptions) {}

  /** What to do with a due participation; given once the deps exist, since acting on it needs them. */
  handleDueWith(onDue: (due: DueParticipant, now: number) => Promise<void>): void {
    this.onDue = onDue;
  }

  /** Picks up the deadlines already in the store (after a restart, or set by other instances). */
  async start(): Promise<void> {
    if (!this.onDue) throw new Error('RoomTimers.start() before handleDueWith()');
    this.stopped = false;
    this.poller = setInterval(() => void this.refresh(), this.options.pollIntervalMs);
    this.poller.unref();
    await this.refresh();
  }

  /** Told of a deadline just written by this instance (a join, a refresh); arms sooner if it is the soonest. */
  schedule(at: number | null): void {
    if (this.stopped || at === null) return;
    if (this.armedAt === null || at < this.armedAt) this.arm(at);
  }

  /** Leaves the deadlines to the store (another instance, or this one after a restart, fires them). */
  async stop(): Promise<void> {
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
      const next = await this.options.rooms.nextParticipantDeadline();
      if (next !== null) this.schedule(next);
    } catch (error) {
      this.options.log.error({ err: error }, 'cannot read participant deadlines');
    }
  }

  private async fireDue(): Promise<void> {
    this.armedAt = null;
    if (this.stopped || this.running) return;
    let allHandled = false;
    this.running = this.fireBatches().then((ok) => {
      allHandled = ok;
    });
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    // After a failure the next try waits for the poll: re-arming now on a deadline that keeps failing would spin.
    if (allHandled) await this.refresh();
  }

  /** Handles every due participation, batch after batch; false when one of them (or the listing) failed. */
  private async fireBatches(): Promise<boolean> {
    const onDue = this.onDue;
    if (!onDue) return true;
    try {
      for (;;) {
        const now = this.options.clock.now();
        const due = await this.options.rooms.listDueParticipants(now, BATCH);
        let failed = 0;
        for (const participation of due) {
          // No token or participant key in the log: the key of an anonymous joiner derives from its credential.
          await onDue(participation, now).catch((error: unknown) => {
            failed += 1;
            this.options.log.error({ err: error }, 'participant expiry failed');
          });
        }
        if (failed > 0) return false;
        if (due.length < BATCH || this.stopped) return true;
      }
    } catch (error) {
      this.options.log.error({ err: error }, 'cannot list due participants');
      return false;
    }
  }
}
