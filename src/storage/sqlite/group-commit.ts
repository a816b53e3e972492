import type { Database } from 'better-sqlite3';

interface QueuedOperation {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * How the SQLite store meets the database: the reads and writes asked for during one turn of the event loop
 * run together, in the order they were asked for, in one transaction at the end of the turn
 * (docs/performance.md has the measurements).
 *
 * Writes (group commit): a commit is the costly part of a small write in WAL mode (every dirty page appended
 * to the WAL, the wal-index and its locks updated: a dozen system calls); under load, concurrent requests
 * share one. Nothing is acknowledged early: a write's promise resolves after COMMIT returns, with the same
 * durability as a write committed alone (WAL, synchronous = NORMAL). A write that fails alone (a constraint)
 * rejects alone, its statement undone as SQLite undoes a failed statement; if the transaction itself fails
 * (the disk is full, the lock is refused), every operation in it rejects and no write of it is kept.
 *
 * Reads: one read transaction for the turn's reads instead of a lock taken and released per statement, and
 * the turn's requests go through each step together (all their reads, then all their answers), which measured
 * far cheaper per request than running each request's read in the middle of its parsing.
 *
 * Order is kept: an operation sees every write asked for before it (a callee's `accept` followed by the
 * caller's `media-up` must not find the call still ringing), and answers only once the transaction that ran
 * it has committed.
 */
export class GroupCommit {
  private queue: QueuedOperation[] = [];
  /** Whether the queue holds a write (else its transaction only reads and takes no write lock). */
  private writing = false;
  private readonly runReads: (batch: QueuedOperation[]) => Outcome[];
  private readonly runWrites: (batch: QueuedOperation[]) => Outcome[];
  private readonly flushTurn = (): void => this.flush();

  constructor(private readonly db: Database) {
    const runAll = db.transaction((batch: QueuedOperation[]) => batch.map((queued) => this.runOne(queued)));
    this.runReads = runAll.deferred;
    // IMMEDIATE takes the write lock first: another connection (another process on the same file) cannot
    // make the transaction fail half-way with SQLITE_BUSY on its first write.
    this.runWrites = runAll.immediate;
  }

  /** Runs `read` (synchronous statements) with the turn's other operations; resolves to its result. */
  read<T>(read: () => T): Promise<T> {
    return this.enqueue(read);
  }

  /** Runs `write` (synchronous statements) in the turn's transaction; resolves to its result once committed. */
  write<T>(write: () => T): Promise<T> {
    this.writing = true;
    return this.enqueue(write);
  }

  /** Runs and commits what is queued now (the turn's end; also before the database closes). */
  flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    const writing = this.writing;
    this.queue = [];
    this.writing = false;
    let outcomes: Outcome[];
    try {
      outcomes = writing ? this.runWrites(batch) : this.runReads(batch);
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

  private enqueue<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // setImmediate: after the current I/O phase, so every request parsed in it has asked for its operations.
      if (this.queue.length === 0) setImmediate(this.flushTurn);
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private runOne(queued: QueuedOperation): Outcome {
    try {
      return { ok: true, value: queued.run() };
    } catch (error) {
      // Some failures (I/O, a full disk) make SQLite roll the whole transaction back: nothing after them
      // could be committed, so the batch fails as one.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}
