import type { Database, Statement } from 'better-sqlite3';

interface QueuedWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * How the SQLite store meets the database, batched per turn of the event loop (docs/performance.md):
 *
 * Writes (group commit): the writes asked for during one turn run, in order, in one transaction, and each
 * caller's promise settles only once that transaction has committed. A commit is the costly part of a small
 * write in WAL mode (every dirty page appended to the WAL, the wal-index and its locks updated: a dozen system
 * calls); under load, concurrent requests share one. Nothing is acknowledged early: a write's promise
 * resolves after COMMIT returns, with the same durability as a write committed alone (WAL, synchronous =
 * NORMAL). A write that fails alone (a constraint) rejects alone, its statement undone as SQLite undoes a
 * failed statement; if the transaction itself fails (the disk is full, the lock is refused), every write in
 * it rejects and none of them is kept.
 *
 * Reads: a read runs at once, inside one read transaction shared by every read of the turn (opened by the
 * first, closed when the turn's writes are committed), instead of a lock taken and released per statement.
 * The transaction never outlives the turn, so it holds no snapshot across a wait; reads see what was
 * committed when the turn's first read ran.
 *
 * Order is kept: a read asked for while writes are queued is queued behind them (it runs in their
 * transaction, sees them, and answers once they are committed), so a request handled after another sees
 * that request's writes (a callee's `accept` followed by the caller's `media-up` must not find the call
 * still ringing).
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  /** True while the turn's shared read transaction (opened here) is open. */
  private reading = false;
  private flushScheduled = false;
  private readonly beginRead: Statement;
  private readonly commitRead: Statement;
  private readonly runQueued: (batch: QueuedWrite[]) => Outcome[];
  private readonly flushTurn = (): void => this.flush();

  constructor(private readonly db: Database) {
    this.beginRead = db.prepare('BEGIN DEFERRED');
    this.commitRead = db.prepare('COMMIT');
    // IMMEDIATE takes the write lock first: another connection (another process on the same file) cannot
    // make this transaction fail half-way with SQLITE_BUSY on its first write.
    this.runQueued = db.transaction((batch: QueuedWrite[]) => batch.map((queued) => this.runOne(queued))).immediate;
  }

  /** Runs `read` now (in the turn's read transaction), or behind the writes already queued. */
  read<T>(read: () => T): Promise<T> {
    if (this.queue.length > 0) return this.enqueue(read);
    try {
      if (!this.reading && !this.db.inTransaction) {
        this.beginRead.run();
        this.reading = true;
        this.scheduleFlush();
      }
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Runs `write` (synchronous statements) in the turn's write transaction; resolves to its result once committed. */
  run<T>(write: () => T): Promise<T> {
    return this.enqueue(write);
  }

  /** Ends the turn now: closes the read transaction and commits what is queued (also before the database closes). */
  flush(): void {
    this.flushScheduled = false;
    if (this.reading) {
      this.reading = false;
      // A read transaction has nothing to lose; if SQLite already ended it (an error), there is nothing to end.
      if (this.db.inTransaction) this.commitRead.run();
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.runQueued(batch);
    } catch (error) {
      for (const queued of batch) queued.reject(error);
      return;
    }
    batch.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) queued.resolve(outcome.value);
      else queued.reject(outcome?.error);
    });
  }

  private enqueue<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  /** setImmediate: after the current I/O phase, so every request parsed in it has asked for its reads and writes. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushTurn);
  }

  private runOne(queued: QueuedWrite): Outcome {
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
