import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Clock } from '../../src/clock.ts';
import { SCHEMA_VERSION } from '../../src/storage/sqlite/schema.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.ts';
import { DatabaseInUseError } from '../../src/storage/sqlite/process-lock.ts';
import type { Store } from '../../src/storage/store.ts';
import { runStoreContract } from '../contract/store.contract.ts';
import { aSession } from '../helpers/factories.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

const tempDir = mkdtempSync(join(tmpdir(), 'loop-sqlite-test-'));
after(() => rmSync(tempDir, { recursive: true, force: true }));

let fileCount = 0;
/** A file nobody else uses; nested one directory down to prove the store creates missing parents. */
function freshPath(): string {
  fileCount += 1;
  return join(tempDir, `run-${fileCount}`, 'loop.db');
}

const pathOf = new WeakMap<Store, string>();

function openAt(path: string, clock: Clock): Store {
  const store = openSqliteStore({ path, clock });
  pathOf.set(store, path);
  return store;
}

runStoreContract('sqlite', async (clock) => openAt(freshPath(), clock), {
  reopen: async (store, clock) => {
    const path = pathOf.get(store);
    assert.ok(path, 'reopen was given a store this file did not open');
    await store.close();
    return openAt(path, clock);
  },
});

runStoreContract('sqlite :memory:', async (clock) => openSqliteStore({ path: ':memory:', clock }));

/** A second, independent connection: sees what is really in the file, including rows reads would hide. */
function inspect<T>(path: string, look: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

void describe('SQLite store specifics', () => {
  void it('holds its file for one store at a time: a second open is refused until the first closes', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const first = openSqliteStore({ path, clock });
    try {
      assert.throws(
        () => openSqliteStore({ path, clock }),
        (error: Error) =>
          error instanceof DatabaseInUseError &&
          error.message.includes(`(pid ${process.pid})`) &&
          error.message.includes(path),
      );
      await first.ping();
    } finally {
      await first.close();
    }
    const again = openSqliteStore({ path, clock });
    await again.close();
  });

  void it('hands its session nonces over on close; without a clean close it sets a timestamp floor', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const session = aSession({}, clock);
    let store = openSqliteStore({ path, clock });
    await store.sessions.create(session);
    await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', clock.now() + 60_000);
    await store.close();
    const handedOver = inspect(path, (db) => db.prepare("SELECT key FROM nonces WHERE key LIKE 'h:%'").pluck().all());
    assert.deepEqual(handedOver.sort(), [`h:${session.hawkIdHmac}:1:a`, 'h:~clean']);

    store = openSqliteStore({ path, clock });
    assert.equal(store.sessions.noncesKnownSince, 0);
    assert.equal(
      (await store.sessions.getAndRememberNonce(session.hawkIdHmac, '1:a', clock.now() + 60_000))?.fresh,
      false,
    );
    await store.close();

    // A crash: the file as a killed process leaves it, without the marker (its nonces never written).
    const db = new Database(path);
    db.prepare("DELETE FROM nonces WHERE key LIKE 'h:%'").run();
    db.close();
    clock.set(1_700_000_000_250);
    store = openSqliteStore({ path, clock });
    try {
      assert.equal(store.sessions.noncesKnownSince, 1_700_000_001_000, 'the next whole second after the open');
    } finally {
      await store.close();
    }
  });

  void it('puts the file in WAL mode at the current schema version', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, clock: new ManualClock() });
    try {
      inspect(path, (db) => {
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      });
    } finally {
      await store.close();
    }
  });

  void it('reopens an existing file without migrating it again', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const session = aSession({}, clock);
    const first = openSqliteStore({ path, clock });
    await first.sessions.create(session);
    await first.close();

    const second = openSqliteStore({ path, clock });
    try {
      assert.deepEqual(await second.sessions.get(session.hawkIdHmac), session);
      inspect(path, (db) => assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION));
    } finally {
      await second.close();
    }
  });

  void it('leaves anonymous sessions out of the user index, which still serves lookups by user', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const store = openSqliteStore({ path, clock });
    try {
      await store.sessions.create(aSession({ userMac: null }, clock));
      const signedIn = aSession({ userMac: 'user-mac-1' }, clock);
      await store.sessions.create(signedIn);
      inspect(path, (db) => {
        const indexed = db
          .prepare('SELECT user_mac FROM sessions INDEXED BY sessions_by_user_mac WHERE user_mac = ?')
          .pluck()
          .all('user-mac-1');
        assert.deepEqual(indexed, ['user-mac-1']);
        const indexes = db.pragma('index_list(sessions)') as { name: string; partial: number }[];
        assert.equal(indexes.find((index) => index.name === 'sessions_by_user_mac')?.partial, 1);
        const plan = db
          .prepare(
            "EXPLAIN QUERY PLAN DELETE FROM sessions WHERE user_mac = 'x' OR (user_mac IS NULL AND hawk_id_hmac = 'x')",
          )
          .all() as { detail: string }[];
        assert.ok(
          plan.some((step) => step.detail.includes('sessions_by_user_mac')),
          JSON.stringify(plan),
        );
      });
      await store.sessions.deleteForUser('user-mac-1');
      assert.equal(await store.sessions.get(signedIn.hawkIdHmac), null);
    } finally {
      await store.close();
    }
  });

  void it('keeps nonces in a table keyed by the nonce, and carries live ones over from the older table', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    await openSqliteStore({ path, clock }).close();
    // Put the file back at schema 6: the nonces table as it was (a rowid table), with one live nonce in it.
    const db = new Database(path);
    db.exec(`DROP TABLE nonces;
      CREATE TABLE nonces (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT;
      CREATE INDEX nonces_by_expiry ON nonces (expires_at);`);
    db.prepare('INSERT INTO nonces (key, expires_at) VALUES (?, ?)').run('seen-before-upgrade', clock.now() + 60_000);
    db.pragma('user_version = 6');
    db.close();

    const store = openSqliteStore({ path, clock });
    try {
      assert.equal(
        await store.nonces.remember('seen-before-upgrade', clock.now() + 60_000),
        false,
        'a replay must stay refused',
      );
      assert.equal(await store.nonces.remember('new-after-upgrade', clock.now() + 60_000), true);
      inspect(path, (db) => {
        const ddl = db
          .prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'nonces'")
          .pluck()
          .get() as string;
        assert.match(ddl, /WITHOUT ROWID/);
        assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      });
    } finally {
      await store.close();
    }
  });

  void it('refuses a file written by a newer schema', async () => {
    const path = freshPath();
    await openSqliteStore({ path, clock: new ManualClock() }).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    assert.throws(() => openSqliteStore({ path, clock: new ManualClock() }), /newer than this server understands/);
  });

  void it('sweeps expired rows on its own timer', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const store = openSqliteStore({ path, clock, sweepIntervalMs: 10 });
    try {
      await store.sessions.create(aSession({ expiresAt: clock.now() + 1000 }, clock));
      await store.sessions.create(aSession({ expiresAt: clock.now() + 5000 }, clock));
      const countSessions = (): unknown =>
        inspect(path, (db) => db.prepare('SELECT count(*) FROM sessions').pluck().get());
      assert.equal(countSessions(), 2);

      clock.advance(1000);
      // Real time, but only a few ticks of a 10 ms timer; polled so a slow machine does not flake.
      for (let tries = 0; tries < 100 && countSessions() !== 1; tries++) await sleep(10);
      assert.equal(countSessions(), 1);
    } finally {
      await store.close();
    }
  });

  void it('checkpoints the WAL into the database file from its worker thread', async () => {
    const path = freshPath();
    const clock = new ManualClock();
    const store = openSqliteStore({ path, clock, checkpointIntervalMs: 20 });
    try {
      const sizeBefore = statSync(path).size;
      for (let i = 0; i < 2000; i++) await store.sessions.create(aSession({ expiresAt: clock.now() + 60_000 }, clock));
      // 2,000 rows stay far below the serving connection's own checkpoint threshold: only the worker moves them.
      for (let tries = 0; tries < 200 && statSync(path).size <= sizeBefore; tries++) await sleep(10);
      assert.ok(statSync(path).size > sizeBefore, 'the database file received the checkpointed pages');
    } finally {
      await store.close();
    }
  });

  void it('reports a failing background sweep to onBackgroundError instead of throwing', async () => {
    // The sweep asks the clock first, so a clock that throws once (after the open, which asks it too) makes
    // exactly one sweep fail.
    let clockBroken = false;
    const clockThatFailsOnce: Clock = {
      now: () => {
        if (!clockBroken) return Date.now();
        clockBroken = false;
        throw new Error('clock broke');
      },
    };
    const errors: unknown[] = [];
    const store = openSqliteStore({
      path: ':memory:',
      clock: clockThatFailsOnce,
      sweepIntervalMs: 5,
      onBackgroundError: (error) => errors.push(error),
    });
    clockBroken = true;
    try {
      for (let tries = 0; tries < 100 && errors.length === 0; tries++) await sleep(5);
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]), /clock broke/);
      await store.ping();
      await store.sweep();
    } finally {
      await store.close();
    }
  });
});
