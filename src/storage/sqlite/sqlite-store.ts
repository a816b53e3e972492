import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../../clock.ts';
import type { Store } from '../store.ts';
import { SqliteCallStore } from './call-store.ts';
import { GroupCommit } from './group-commit.ts';
import { SqliteCallUrlStore } from './call-url-store.ts';
import { SqliteNonceStore } from './nonce-store.ts';
import { SqliteOAuthStateStore } from './oauth-state-store.ts';
import { SqlitePushEndpointStore } from './push-endpoint-store.ts';
import { SqliteRoomStore } from './room-store.ts';
import { startCheckpointer } from './checkpointer.ts';
import { applyPragmas, migrate } from './schema.ts';
import { SqliteSessionStore } from './session-store.ts';
import { SessionNonces } from './session-nonces.ts';
import { lockDatabaseFile, type ProcessLock } from './process-lock.ts';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:'. */
  path: string;
  clock: Clock;
  /** How often expired rows are deleted; 0 turns the timer off (reads hide expired rows anyway). Default 60 s. */
  sweepIntervalMs?: number;
  /**
   * Told when a background sweep or checkpoint fails. The timer must not throw (that would crash the process), and a
   * broken database shows up on the next request or ping anyway, so the default ignores it.
   */
  onBackgroundError?: (error: unknown) => void;
  /** How often a worker thread checkpoints the WAL (file databases only); 0 leaves it to SQLite. Default 1 s. */
  checkpointIntervalMs?: number;
}

const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;

function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    applyPragmas(db);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function isFile(path: string): boolean {
  return path !== ':memory:' && path !== '';
}

export function openSqliteStore(opts: SqliteStoreOptions): Store {
  const { clock } = opts;
  let lock: ProcessLock | undefined;
  if (isFile(opts.path)) {
    mkdirSync(dirname(opts.path), { recursive: true });
    // Before the database: a second process must not even run the migrations.
    lock = lockDatabaseFile(opts.path);
  }
  let db: Database.Database;
  const sessionNonces = new SessionNonces();
  let noncesKnownSince: number;
  try {
    db = openDatabase(opts.path);
    const now = clock.now();
    // After a crash, requests signed before the next whole second are refused; main waits for that second
    // before listening, so no request of an honest client is.
    noncesKnownSince = sessionNonces.takeOver(db, now) ? 0 : Math.ceil((now + 1) / 1000) * 1000;
  } catch (error) {
    lock?.release();
    throw error;
  }

  // Every table shares one queue: the reads and writes of a turn of the event loop run in one transaction.
  const turn = new GroupCommit(db);
  const sessions = new SqliteSessionStore(db, clock, turn, sessionNonces, noncesKnownSince);
  const oauthStates = new SqliteOAuthStateStore(db, clock, turn);
  const pushEndpoints = new SqlitePushEndpointStore(db, clock, turn);
  const callUrls = new SqliteCallUrlStore(db, clock, turn);
  const calls = new SqliteCallStore(db, clock, turn);
  const nonces = new SqliteNonceStore(db, clock, turn);
  const rooms = new SqliteRoomStore(db, clock, turn);

  const sweepAll = db.transaction((now: number) => {
    for (const table of [oauthStates, sessions, pushEndpoints, callUrls, calls, rooms, nonces])
      table.deleteExpired(now);
    sessionNonces.deleteExpired(now);
  });

  const writeHeartbeat = db.prepare<[string]>(
    'INSERT INTO heartbeat (id, beat) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET beat = excluded.beat',
  );
  const readHeartbeat = db.prepare<[], string>('SELECT beat FROM heartbeat WHERE id = 1').pluck();

  const sweepIntervalMs = opts.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  const onBackgroundError = opts.onBackgroundError ?? (() => {});
  const sweepTimer =
    sweepIntervalMs > 0
      ? setInterval(() => {
          turn.write(() => sweepAll(clock.now())).catch(onBackgroundError);
        }, sweepIntervalMs)
      : undefined;
  // The sweep is housekeeping: it must never be what keeps the process alive.
  sweepTimer?.unref();
  const checkpointIntervalMs = opts.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  const checkpointer =
    checkpointIntervalMs > 0 && isFile(opts.path)
      ? startCheckpointer(db, opts.path, checkpointIntervalMs, onBackgroundError)
      : undefined;

  return {
    kind: 'sqlite',
    sessions,
    oauthStates,
    pushEndpoints,
    callUrls,
    calls,
    rooms,
    nonces,

    async ping() {
      // A unique value, so reading back an old beat cannot pass for a successful write. Written and read back in
      // one synchronous step of one transaction: another ping cannot overwrite it in between (it could when the
      // read came in a later turn, and concurrent pings then failed each other: false 503s).
      const beat = randomUUID();
      const readBack = await turn.write(() => {
        writeHeartbeat.run(beat);
        return readHeartbeat.get();
      });
      if (readBack !== beat) throw new Error('SQLite heartbeat did not read back what was written');
    },

    async sweep() {
      await turn.write(() => sweepAll(clock.now()));
    },

    async close() {
      clearInterval(sweepTimer);
      if (db.open) {
        turn.flush();
        // The next process on this file takes the live nonces over: a clean restart reopens no replay.
        sessionNonces.handOver(db, clock.now());
      }
      await checkpointer?.stop();
      if (db.open) db.close();
      lock?.release();
    },
  };
}
