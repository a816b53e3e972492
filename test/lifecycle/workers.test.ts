/**
 * LOOP_WORKERS=N: one primary forks N server processes sharing the port (node:cluster). On Redis both serve
 * requests, and SIGTERM to the primary stops them gracefully and exits 0. On SQLite the setting is refused at
 * start (one process per database file).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, it } from 'node:test';
import { freePort } from '../../tools/free-port.ts';
import { eventually } from '../helpers/eventually.ts';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/test-server.ts';

/** A DB number no other test file uses. */
const REDIS_DB = 10;

/** One request on a connection of its own, so that the primary hands each to a worker anew. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/call-url`, { agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** The pids of the processes that logged a request line. */
function servingPids(logs: string): Set<number> {
  const pids = new Set<number>();
  for (const line of logs.split('\n')) {
    if (!line.includes('"msg":"request"')) continue;
    const pid = (JSON.parse(line) as { pid?: number }).pid;
    if (pid !== undefined) pids.add(pid);
  }
  return pids;
}

/** Waits until the server's output holds `count` matches of `line`; a failure shows the output. */
async function waitForLines(server: ServerProcess, line: RegExp, count: number): Promise<void> {
  await eventually(
    `${count} of ${String(line)}`,
    () => (server.output().match(line)?.length ?? 0) >= count,
    30_000,
  ).catch((error: Error) => assert.fail(`${error.message}:\n${server.output()}`));
}

// Asked before any test runs: the SQLite test blocks the event loop (spawnSync) longer than the probe waits.
const redisUp = await requireRedis('LOOP_WORKERS on Redis');

void describe('LOOP_WORKERS', () => {
  void it('is refused with SQLite, naming the conflict', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', LOOP_DATA_DIR: tempDir(), LOOP_WORKERS: '2' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /LOOP_WORKERS=2 needs a Redis LOOP_STORE_URL/);
  });
});

if (redisUp) {
  void describe('LOOP_WORKERS=2 on Redis', () => {
    let server: ServerProcess | undefined;
    afterEach(() => server?.kill9());

    /** Starts the primary with two workers on a flushed DB and waits until both are ready. */
    async function startTwoWorkers(): Promise<ServerProcess> {
      const redis = testRedis(REDIS_DB);
      await redis.flushdb();
      redis.disconnect();
      const url = testRedisUrl(REDIS_DB);
      const started = await startServerProcess(
        { LOOP_WORKERS: '2', LOOP_STORE_URL: url, LOOP_PUBSUB_URL: url, LOOP_DATA_DIR: tempDir() },
        await freePort(),
        30_000,
      );
      server = started;
      await waitForLines(started, /"msg":"Loop server ready"/g, 2);
      return started;
    }

    /** SIGTERM to the primary: exit 0 once each of `workers` drained and closed its store. */
    async function stopGracefully(started: ServerProcess, workers: number): Promise<void> {
      started.child.kill('SIGTERM');
      assert.equal((await started.exited).code, 0, started.output());
      const logs = started.output();
      assert.equal(
        logs.match(/"msg":"stopped: requests answered, pushes settled, store closed"/g)?.length,
        workers,
        'each worker drained and closed its store',
      );
      assert.match(logs, /"failed":false,"msg":"stopped: every worker has exited"/);
    }

    void it('serves requests from two worker processes and stops them all on SIGTERM, exiting 0', async () => {
      const started = await startTwoWorkers();
      for (let i = 0; i < 20; i++) assert.equal(await getOnNewConnection(started.url), 401);
      await sleep(200); // the last request lines reach the pipe
      const pids = servingPids(started.output());
      assert.equal(pids.size, 2, `two processes served: ${[...pids].join(', ')}`);
      assert.ok(!pids.has(started.child.pid ?? -1), 'the primary serves nothing itself');
      await stopGracefully(started, 2);
    });

    void it('replaces a worker killed with SIGKILL, and still stops cleanly', async () => {
      const started = await startTwoWorkers();
      for (let i = 0; i < 10; i++) assert.equal(await getOnNewConnection(started.url), 401);
      await sleep(200);
      const [victim] = servingPids(started.output());
      assert.ok(victim !== undefined);
      process.kill(victim, 'SIGKILL');
      await waitForLines(started, /"msg":"worker died, starting another"/g, 1);
      await waitForLines(started, /"msg":"Loop server ready"/g, 3);
      // Every request is still answered, and by processes other than the dead one.
      const servedBefore = started.output().length;
      for (let i = 0; i < 20; i++) assert.equal(await getOnNewConnection(started.url), 401);
      await sleep(200);
      const pidsAfter = servingPids(started.output().slice(servedBefore));
      assert.ok(!pidsAfter.has(victim), 'the killed worker serves nothing');
      assert.equal(pidsAfter.size, 2, `two processes serve again: ${[...pidsAfter].join(', ')}`);
      // The crash before the stop does not make the stop a failure; the two live workers drain.
      await stopGracefully(started, 2);
    });
  });
}
