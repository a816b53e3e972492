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
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
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

export function openSqliteStore(opts: SqliteStoreOptions): Store {
  const { clock } = opts;
  const db = openDatabase(opts.path);

  // Every table shares one queue: the reads and writes of a turn of the event loop run in one transaction.
  const turn = new GroupCommit(db);
  const sessions = new SqliteSessionStore(db, clock, turn);
  const oauthStates = new SqliteOAuthStateStore(db, clock, turn);
  const pushEndpoints = new SqlitePushEndpointStore(db, clock, turn);
  const callUrls = new SqliteCallUrlStore(db, clock, turn);
  const calls = new SqliteCallStore(db, clock, turn);
  const nonces = new SqliteNonceStore(db, clock, turn);
  const rooms = new SqliteRoomStore(db, clock, turn);

  const sweepAll = db.transaction((now: number) => {
    for (const table of [oauthStates, sessions, pushEndpoints, callUrls, calls, rooms, nonces])
      table.deleteExpired(now);
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
    checkpointIntervalMs > 0 && opts.path !== ':memory:' && opts.path !== ''
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
      if (db.open) turn.flush();
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
