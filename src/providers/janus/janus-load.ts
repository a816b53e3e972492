/**
 * Which Janus a new call or room goes to, when there are several: the one holding the fewest of Loop's
 * VideoRoom rooms (each room is people to come; a room's participant count is zero when it is made, so it
 * would not spread a burst of new rooms), ties broken at random. The counts are asked of every instance
 * (VideoRoom `list`) and kept for a short while, counting locally the rooms made since, so a busy Loop does
 * not list every Janus for each new room. An instance that does not answer is left out (a Janus down gets no
 * new rooms) until the counts are asked again; when none answers, the room cannot be made.
 */
import { randomInt } from 'node:crypto';

export interface LoadSource {
  /** How many of Loop's rooms this instance holds; rejects when it cannot be reached. */
  roomCount(instance: string): Promise<number>;
}

export interface JanusLoadOptions {
  instances: readonly string[];
  source: LoadSource;
  /** How long counts are trusted (ms). */
  ttlMs: number;
  now: () => number;
}

export class NoJanusAvailable extends Error {
  constructor(readonly failures: ReadonlyMap<string, unknown>) {
    super(`no Janus answered (${[...failures.keys()].join(', ')})`);
    this.name = 'NoJanusAvailable';
  }
}

export class JanusLoad {
  /** Rooms per answering instance (down ones absent), and when they were read. */
  private counts = new Map<string, number>();
  private failures = new Map<string, unknown>();
  private readAt = -Infinity;
  private reading: Promise<void> | null = null;

  constructor(private readonly options: JanusLoadOptions) {}

  /** The least loaded instance that answered; counts the room it is about to get. */
  async choose(): Promise<string> {
    if (this.options.instances.length === 1) return this.options.instances[0]!;
    if (this.options.now() - this.readAt > this.options.ttlMs) await this.read();
    const least = Math.min(...this.counts.values());
    const candidates = [...this.counts].filter(([, count]) => count === least).map(([name]) => name);
    if (candidates.length === 0) throw new NoJanusAvailable(this.failures);
    const chosen = candidates[randomInt(candidates.length)]!;
    this.counts.set(chosen, least + 1);
    return chosen;
  }

  /** An instance that just failed a request gets no more rooms until the counts are read again. */
  markDown(instance: string, error: unknown): void {
    if (this.options.instances.length === 1) return;
    this.counts.delete(instance);
    this.failures.set(instance, error);
  }

  /** Reads every instance's count (concurrent choices share one read). */
  private read(): Promise<void> {
    this.reading ??= (async () => {
      const settled = await Promise.allSettled(
        this.options.instances.map((name) => this.options.source.roomCount(name)),
      );
      const counts = new Map<string, number>();
      const failures = new Map<string, unknown>();
      settled.forEach((result, index) => {
        const name = this.options.instances[index]!;
        if (result.status === 'fulfilled') counts.set(name, result.value);
        else failures.set(name, result.reason);
      });
      this.counts = counts;
      this.failures = failures;
      // Nobody answered: ask again next time rather than refuse rooms for a whole period.
      this.readAt = counts.size > 0 ? this.options.now() : -Infinity;
    })().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }
}
