/**
 * Redis going away and coming back, with a real redis-server on port 7110 that this file starts, kills and
 * restarts, and a Loop server process in front of it. The server must say clearly that Redis is unreachable,
 * answer 503 errno 201 with Retry-After quickly instead of hanging, report it in /__heartbeat__, and
 * recover by itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisServerProcess } from '../helpers/redis-server.ts';
import { requireRedisBinaries } from '../helpers/requirements.ts';
import { rmSync } from 'node:fs';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/test-server.ts';
import { freePort } from '../../tools/free-port.ts';

const REDIS_PORT = 7110;
const COMMAND_TIMEOUT_MS = 300;
/** A request that needs Redis must be answered within this, outage or not. */
const ANSWER_BOUND_MS = 2000;
/** After Redis returns, the server must be healthy again within this. */
const RECOVERY_BOUND_MS = 5000;

interface Loop {
  process: ServerProcess;
  url: string;
  /** Everything the process logged so far. */
  readonly log: string;
}

interface Answer {
  status: number;
  errno?: number;
  retryAfter: string | null;
  elapsedMs: number;
}

async function timed(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const body = text.startsWith('{') ? (JSON.parse(text) as { errno?: number }) : {};
  return {
    status: response.status,
    errno: body.errno,
    retryAfter: response.headers.get('retry-after'),
    elapsedMs: Date.now() - started,
  };
}

/** POST /registration without credentials mints a session: a store write. */
const mintSession = (loop: Loop) =>
  timed(`${loop.url}/registration`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
const heartbeat = (loop: Loop) => timed(`${loop.url}/__heartbeat__`);

async function eventually(check: () => Promise<boolean>, boundMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > boundMs) throw new Error(`not true within ${boundMs} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

function assertUnavailable(answer: Answer, what: string): void {
  assert.equal(answer.status, 503, `${what}: status`);
  assert.equal(answer.errno, 201, `${what}: errno`);
  assert.match(answer.retryAfter ?? '', /^\d+$/, `${what}: Retry-After`);
  assert.ok(answer.elapsedMs < ANSWER_BOUND_MS, `${what}: answered in ${answer.elapsedMs} ms`);
}

if (requireRedisBinaries('Redis outage')) {
  void describe('Redis outage and recovery', () => {
    const redis = new RedisServerProcess(REDIS_PORT);
    const dataDir = tempDir('loop-outage-');
    let loop: Loop;
    after(async () => {
      await loop?.process.stop();
      await redis.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    before(async () => {
      // Loop first, Redis not there yet: the server must come up, say why it cannot serve, and keep trying.
      const port = await freePort();
      const env = {
        LOOP_DATA_DIR: dataDir,
        LOOP_STORE_URL: `redis://127.0.0.1:${REDIS_PORT}/0`,
        LOOP_REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
        LOOP_REDIS_RECONNECT_MAX_MS: '200',
        LOOP_HEARTBEAT_TIMEOUT_MS: '1000',
      };
      const process = await startServerProcess(env, port);
      loop = {
        process,
        url: `http://127.0.0.1:${port}`,
        get log() {
          return process.output();
        },
      };
    });

    void it('starts without Redis, says so, answers 503, and recovers when Redis appears', async () => {
      await eventually(
        async () => /Redis unreachable at redis:\/\/127\.0\.0\.1:7110\/0/.test(loop.log),
        ANSWER_BOUND_MS,
      );
      assert.equal((await heartbeat(loop)).status, 503);
      assertUnavailable(await mintSession(loop), 'POST /registration before Redis started');

      await redis.start();
      const recoveredInMs = await eventually(async () => (await heartbeat(loop)).status === 200, RECOVERY_BOUND_MS);
      assert.equal((await mintSession(loop)).status, 200, `recovered after ${recoveredInMs} ms`);
      // The child's log arrives through a pipe, possibly after the HTTP answers.
      await eventually(async () => /Redis is reachable again|Redis connection ready/.test(loop.log), ANSWER_BOUND_MS);
    });

    void it('answers 503 quickly while Redis is down, and recovers by itself when it returns', async () => {
      assert.equal((await mintSession(loop)).status, 200);
      const unreachableLines = () => loop.log.split('\n').filter((line) => line.includes('Redis unreachable')).length;
      const before = unreachableLines();
      await redis.stop();

      // The first requests may race the connection noticing the loss; within the bound all must be 503.
      await eventually(async () => (await mintSession(loop)).status === 503, ANSWER_BOUND_MS);
      assertUnavailable(await mintSession(loop), 'POST /registration during the outage');
      assertUnavailable(
        await timed(`${loop.url}/calls/abcdefghijk`, { headers: { accept: 'application/json' } }),
        'GET /calls/{token} during the outage',
      );
      const beat = await heartbeat(loop);
      assert.equal(beat.status, 503);
      assert.ok(beat.elapsedMs < ANSWER_BOUND_MS, `heartbeat answered in ${beat.elapsedMs} ms`);
      await eventually(async () => unreachableLines() > before, ANSWER_BOUND_MS);
      await sleep(500); // several reconnection attempts (every 200 ms at most) fail meanwhile
      assert.equal(unreachableLines(), before + 1, 'the outage is logged once, not once per retry');

      await redis.start();
      await eventually(async () => (await heartbeat(loop)).status === 200, RECOVERY_BOUND_MS);
      assert.equal((await mintSession(loop)).status, 200);
    });
  });
}
