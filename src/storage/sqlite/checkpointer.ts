import type { Database } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Pages after which the serving connection checkpoints by itself: only reached if the worker falls behind. */
const FALLBACK_AUTOCHECKPOINT_PAGES = 16_000;
const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * The worker's code. Plain JavaScript evaluated in the worker, because a worker thread does not inherit
 * the TypeScript loader the server runs under. PASSIVE never waits for writers or readers: it copies what
 * it can and tries again on the next tick.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error && error.message) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves WAL checkpoints off the request path. With SQLite's default, every ~1,000 pages a write pays for a
 * checkpoint and its fsync (measured: it made an average write 1.6 times as expensive). A worker thread
 * checkpoints on its own connection instead; if it fails, SQLite's default behaviour comes back.
 */
export function startCheckpointer(
  db: Database,
  path: string,
  intervalMs: number,
  onError: (error: unknown) => void,
): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver } });
  worker.unref();
  worker.on('error', (error) => {
    onError(error);
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`);
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError(new Error(`WAL checkpoint failed: ${message.error}`));
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.ref(); // keep the process alive until the worker has closed its connection
      worker.postMessage('stop');
      await exited;
    },
  };
}
