import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JanusLoad, NoJanusAvailable } from './janus-load.ts';

function loadOf(counts: Record<string, number | Error>, ttlMs = 1000) {
  let now = 0;
  const reads: string[] = [];
  const load = new JanusLoad({
    instances: Object.keys(counts),
    source: {
      roomCount: (name) => {
        reads.push(name);
        const count = counts[name]!;
        return count instanceof Error ? Promise.reject(count) : Promise.resolve(count);
      },
    },
    ttlMs,
    now: () => now,
  });
  return { load, reads, later: (ms: number) => (now += ms) };
}

void describe('choosing a Janus by load', () => {
  void it('goes to the least loaded, counting the rooms it hands out until the counts are read again', async () => {
    const { load, reads, later } = loadOf({ a: 3, b: 1, c: 2 });
    const chosen: string[] = [];
    for (let i = 0; i < 5; i += 1) chosen.push(await load.choose());
    assert.equal(chosen[0], 'b');
    // Each choice takes a least loaded one: 3 + 1 + 2 rooms and five more end as even as can be.
    const loads = ['a', 'b', 'c'].map((name, i) => [3, 1, 2][i]! + chosen.filter((c) => c === name).length);
    assert.deepEqual([...loads].sort(), [3, 4, 4], `${chosen.join(',')}`);
    assert.deepEqual(reads, ['a', 'b', 'c'], 'one read for all five');
    later(1001);
    await load.choose();
    assert.equal(reads.length, 6, 'read again after the TTL');
  });

  void it('leaves out an instance that does not answer, or that failed a request', async () => {
    const { load } = loadOf({ a: 0, b: new Error('refused'), c: 5 });
    for (let i = 0; i < 4; i += 1) assert.equal(await load.choose(), 'a');
    load.markDown('a', new Error('timeout'));
    assert.equal(await load.choose(), 'c');
  });

  void it('refuses when no instance answers, and asks again at the next choice', async () => {
    const { load, reads } = loadOf({ a: new Error('down'), b: new Error('down') });
    await assert.rejects(load.choose(), NoJanusAvailable);
    await assert.rejects(load.choose(), /no Janus answered \(a, b\)/);
    assert.equal(reads.length, 4);
  });

  void it('with a single instance, asks nothing', async () => {
    const { load, reads } = loadOf({ only: new Error('never asked') });
    assert.equal(await load.choose(), 'only');
    load.markDown('only', new Error('ignored'));
    assert.equal(await load.choose(), 'only');
    assert.deepEqual(reads, []);
  });
});
