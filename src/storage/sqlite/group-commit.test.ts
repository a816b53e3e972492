import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.ts';

void describe('GroupCommit', () => {
  let dir: string;
  let db: Database.Database;
  /** A second connection to the same file: it sees only what has been committed. */
  let observer: Database.Database;
  let turn: GroupCommit;
  const insert = (id: number) => () => db.prepare('INSERT INTO items (id) VALUES (?)').run(id).changes;
  const committed = () => observer.prepare('SELECT id FROM items ORDER BY id').pluck().all();

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'loop-group-commit-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  beforeEach(() => {
    const file = path.join(dir, `${count++}.sqlite`);
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY)');
    observer = new Database(file);
    turn = new GroupCommit(db);
  });
  afterEach(() => {
    observer.close();
    db.close();
  });

  void it('commits the writes of one turn together, and answers each only once they are committed', async () => {
    const seenAtAnswer: unknown[][] = [];
    const answers = [1, 2, 3].map((id) =>
      turn.write(insert(id)).then((changes) => {
        seenAtAnswer.push(committed());
        return changes;
      }),
    );
    assert.deepEqual(committed(), [], 'nothing is committed while the turn is still running');
    assert.deepEqual(await Promise.all(answers), [1, 1, 1]);
    assert.deepEqual(seenAtAnswer, [
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  void it('rejects a failing write alone; the others in its transaction are kept', async () => {
    const results = await Promise.allSettled([turn.write(insert(1)), turn.write(insert(1)), turn.write(insert(2))]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE constraint failed/);
    assert.deepEqual(committed(), [1, 2]);
  });

  void it('rejects every write and keeps none when the transaction cannot commit', async () => {
    db.pragma('busy_timeout = 0');
    observer.exec('BEGIN IMMEDIATE'); // another writer holds the lock
    const results = await Promise.allSettled([turn.write(insert(1)), turn.write(insert(2))]);
    observer.exec('ROLLBACK');
    assert.deepEqual(
      results.map((result) => result.status),
      ['rejected', 'rejected'],
    );
    assert.match(String((results[0] as PromiseRejectedResult).reason), /database is locked/);
    assert.deepEqual(committed(), []);
    assert.equal(await turn.write(insert(3)), 1, 'the next turn commits normally');
    assert.deepEqual(committed(), [3]);
  });

  void it('runs the reads of a turn in one transaction: one snapshot, and a read sees the writes asked for before it', async () => {
    const count = () => db.prepare('SELECT COUNT(*) FROM items').pluck().get();
    const first = turn.read(count);
    const second = turn.read(() => {
      observer.prepare('INSERT INTO items (id) VALUES (9)').run(); // another connection commits meanwhile
      return count();
    });
    assert.deepEqual([await first, await second], [0, 0], 'the turn reads one snapshot');
    assert.equal(await turn.read(count), 1, 'the next turn sees what was committed meanwhile');
    const write = turn.write(insert(10));
    assert.equal(await turn.read(count), 2, 'a read asked for after a write sees it');
    await write;
  });

  void it('flush() commits what is queued at once (before the database closes)', async () => {
    const write = turn.write(insert(7));
    turn.flush();
    assert.deepEqual(committed(), [7]);
    assert.equal(await write, 1);
  });
});
