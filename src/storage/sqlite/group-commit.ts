import type { Database } from 'better-sqlite3';

interface QueuedWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes requested during one turn of the event loop run, in order, in one transaction, and
 * each caller's promise settles only once that transaction has committed. A commit is the costly part of a
 * small write in WAL mode (every dirty page appended to the WAL, the wal-index and its locks updated: a dozen
 * system calls); under load, concurrent requests now share one (bench/README.md has the figures).
 *
 * Nothing is acknowledged early: a write's promise resolves after COMMIT returns, with the same durability
 * as a write committed alone (WAL, synchronous = NORMAL). A write that fails alone (a constraint) rejects
 * alone, its statement undone as SQLite undoes a failed statement; if the transaction itself fails (the disk
 * is full, the commit is refused), every write in it rejects and none of them is kept.
 *
 * Operations keep the order in which they were asked for: a read asked for while writes are queued is
 * queued behind them (it runs in their transaction and sees them, and answers once they are committed), so a
 * request handled after another still sees that request's writes, as when every write committed at once (a
 * callee's `accept` followed by the caller's `media-up` must not find the call still ringing). With nothing
 * queued, a read runs at once, as before.
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private readonly commitQueued: () => void;

  constructor(private readonly db: Database) {
    // IMMEDIATE takes the write lock first: another connection (another process on the same file) cannot
    // make this transaction fail half-way with SQLITE_BUSY on its first write.
    const runAll = db.transaction((batch: QueuedWrite[]) => batch.map((queued) => this.runOne(queued)));
    this.commitQueued = () => {
      if (this.queue.length === 0) return; // already committed by flush()
      const batch = this.queue;
      this.queue = [];
      let outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
      try {
        outcomes = runAll.immediate(batch);
      } catch (error) {
        for (const queued of batch) queued.reject(error);
        return;
      }
      batch.forEach((queued, index) => {
        const outcome = outcomes[index];
        if (outcome?.ok) queued.resolve(outcome.value);
        else queued.reject(outcome?.error);
      });
    };
  }

  /** Runs `read` now, or behind the writes already queued (then it sees them and answers after they commit). */
  read<T>(read: () => T): Promise<T> {
    if (this.queue.length > 0) return this.run(read);
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Runs `write` (synchronous statements) in the next group transaction; resolves to its result once committed. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // setImmediate: after the current I/O phase, so every request parsed in it has queued its writes.
      if (this.queue.length === 0) setImmediate(this.commitQueued);
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Commits what is queued now (before the database closes, so nothing queued is lost). */
  flush(): void {
    this.commitQueued();
  }

  private runOne(queued: QueuedWrite): { ok: true; value: unknown } | { ok: false; error: unknown } {
    try {
      return { ok: true, value: queued.write() };
    } catch (error) {
      // Some failures (I/O, a full disk) make SQLite roll the whole transaction back: nothing after them
      // could be committed, so the batch fails as one.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}
