/**
 * One process per SQLite database file. The Hawk replay cache of the SQLite store lives in memory (see
 * session-nonces.ts), which is only sound when no other process serves the same sessions; this lock makes that
 * a fact instead of an instruction.
 *
 * The lock is an exclusive SQLite lock on a file beside the database (`<db>.lock`), held by a connection in
 * EXCLUSIVE locking mode for the life of the store. It is an OS advisory lock (fcntl), so the kernel releases
 * it when the process dies, kill -9 included: a stale lock cannot block a restart. Not the database itself:
 * the checkpoint worker needs its own connection to it. The holder's pid goes to `<db>.lock.pid` for the
 * refusal message only; the lock never trusts it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export class DatabaseInUseError extends Error {
  constructor(path: string, holder: string | null) {
    super(
      `The SQLite database ${path} is in use by another Loop process${holder ? ` (pid ${holder})` : ''}. ` +
        'SQLite mode serves one process per database file: stop that process first, or use Redis ' +
        '(LOOP_STORE_URL) to run several.',
    );
    this.name = 'DatabaseInUseError';
  }
}

export interface ProcessLock {
  release(): void;
}

function readHolder(pidPath: string): string | null {
  try {
    const pid = readFileSync(pidPath, 'utf8').trim();
    return /^\d+$/.test(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock of `dbPath` for this process, or throws DatabaseInUseError at once (no waiting). */
export function lockDatabaseFile(dbPath: string): ProcessLock {
  const lockPath = `${dbPath}.lock`;
  const pidPath = `${lockPath}.pid`;
  // timeout 0: a held lock is refused at once rather than after better-sqlite3's default 5 s wait.
  const connection = new Database(lockPath, { timeout: 0 });
  try {
    connection.pragma('locking_mode = EXCLUSIVE');
    // A write takes the exclusive lock, and EXCLUSIVE locking mode keeps it after the commit.
    connection.exec('BEGIN EXCLUSIVE');
    connection.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    connection.prepare('DELETE FROM holder').run();
    connection.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    connection.exec('COMMIT');
  } catch (error) {
    connection.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(dbPath, readHolder(pidPath));
    throw error;
  }
  writeFileSync(pidPath, `${process.pid}\n`);
  return {
    release() {
      if (!connection.open) return;
      rmSync(pidPath, { force: true });
      connection.close();
    },
  };
}
