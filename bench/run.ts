/**
 * `npm run bench`: Loop's main paths under load, as ratios of requests/s to a bare Node baseline measured
 * in the same run. Every server runs as a separate process and is driven over real HTTP by autocannon.
 *
 *   npm run bench -- [--store sqlite|redis|all] [--duration 10] [--rounds 5] [--connections 32] [--profile]
 */
import autocannon from 'autocannon';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LoopClient } from '../tools/loop-client.ts';
import { freePort } from '../tools/free-port.ts';
import { LIMITS_OFF } from '../tools/limits-off.ts';
import { hawkSigned, type Request } from './hawk-request.ts';
import { createLinks, linkChecks } from './many-links.ts';
import { prepareRoomRequests } from './room-requests.ts';
import { cpuSeconds, ROOT, startChild, treeCpuSeconds, type Child } from './processes.ts';

const { values: options } = parseArgs({
  options: {
    store: { type: 'string', default: 'all' },
    /** Measured seconds per path (and as many for its baseline), split into alternating rounds. */
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    /** The server's LOG_LEVEL (its default, info, unless told): to measure what logging costs. */
    'log-level': { type: 'string', default: 'info' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379/15' },
    /**
     * LOOP_WORKERS of the Loop server (Redis only; its pub/sub then uses --redis-url too). Its CPU figure is the
     * primary's and the workers' together; the req/s ratio is then the whole machine's, not one process's.
     */
    workers: { type: 'string', default: '1' },
    /** Distinct links the link check reads in turn (1: one hot link, as before 2026-12-07). */
    links: { type: 'string', default: '10000' },
    /** Comma-separated subset of: link, hawk, registration, call, join, refresh (handy with --profile). */
    paths: { type: 'string', default: 'link,hawk,registration,call,join,refresh' },
    /** Leave out the reference row, bare Fastify + a SQLite read (bench/fastify-floor-server.ts). */
    'no-reference': { type: 'boolean', default: false },
  },
});
const duration = Number(options.duration);
const wantsLinks = (paths: string) => paths.split(',').includes('link');
const rounds = Math.max(1, Number(options.rounds));
const roundSeconds = Math.max(1, Math.round(duration / rounds));
const connections = Number(options.connections);

/** `cpuUs`: CPU time (user + system) the server process spent per request, µs: steadier than req/s on a busy machine. */
interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuUs: number;
}

async function load(url: string, requests: Request[], seconds: number, pid?: number): Promise<Figures> {
  const cpu = Number(options.workers) > 1 ? treeCpuSeconds : cpuSeconds;
  const cpuBefore = cpu(pid);
  const result = await autocannon({ url, connections, duration: seconds, requests });
  const cpuUs = (1e6 * (cpu(pid) - cpuBefore)) / result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuUs,
  };
}

interface Round {
  figures: Figures;
  baseline: Figures;
}

/**
 * A warm-up of each (discarded), then short runs of the baseline and the path in turns. These machines change
 * speed for minutes at a time: with one long run each, the baseline could be measured in a fast phase and the
 * path in a slow one; in alternating rounds most pairs fall in the same phase, and the median pair says it.
 */
async function measureAgainstBaseline(baseline: Child, server: Child, requests: Request[]): Promise<Round[]> {
  await load(baseline.url, BASELINE_REQUEST, Number(options.warmup));
  await load(server.url, requests, Number(options.warmup));
  const measured: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    const baselineFigures = await load(baseline.url, BASELINE_REQUEST, roundSeconds, baseline.process.pid);
    measured.push({
      baseline: baselineFigures,
      figures: await load(server.url, requests, roundSeconds, server.process.pid),
    });
  }
  return measured;
}

interface Row {
  path: string;
  rounds: Round[];
  target?: number;
}
const BASELINE_REQUEST: Request[] = [{ method: 'GET', path: '/calls/token' }];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function report(title: string, rows: Row[]): void {
  console.log(`\n## ${title}`);
  // Each round gives a req/s ratio and a CPU ratio (the baseline's CPU per request over the path's); the row shows
  // their medians over the rounds, with the range of the req/s ratio, and the median round's other figures.
  console.log(
    `| path | req/s | p50 ms | p99 ms | baseline req/s | ratio to baseline (median of ${rounds}; range) | target | server CPU µs/req (baseline) | CPU ratio | non-2xx |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { path: name, rounds: measured, target } of rows) {
    const ratios = measured.map((round) => (100 * round.figures.rps) / round.baseline.rps);
    const cpuRatios = measured.map((round) => (100 * round.baseline.cpuUs) / round.figures.cpuUs);
    const of = (pick: (round: Round) => number) => median(measured.map(pick));
    const failures = measured.reduce((sum, round) => sum + round.figures.non2xx + round.figures.errors, 0);
    console.log(
      `| ${name} | ${of((r) => r.figures.rps).toFixed(0)} | ${of((r) => r.figures.p50)} | ${of((r) => r.figures.p99)} | ${of((r) => r.baseline.rps).toFixed(0)} | ` +
        `${median(ratios).toFixed(1)} % (${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}) | ${target ? `≥ ${target} %` : ''} | ` +
        `${of((r) => r.figures.cpuUs).toFixed(0)} (${of((r) => r.baseline.cpuUs).toFixed(0)}) | ${median(cpuRatios).toFixed(1)} % | ${failures} |`,
    );
  }
}

/** Time from POST /calls/{token} to the push arriving at an in-process sink, sequentially, no load. */
async function pushLatency(loopUrl: string, samples = 200): Promise<{ p50: number; p99: number; max: number }> {
  let arrived: (() => void) | null = null;
  const sink = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrived?.();
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}/latency`;
  const bob = new LoopClient(loopUrl);
  await bob.register({ simplePushURLs: { calls: sinkUrl } });
  const token = (
    (await bob.request('POST', '/call-url', { body: { callerId: 'Alice' } })).body as { callToken: string }
  ).callToken;
  const timings: number[] = [];
  for (let i = 0; i < samples; i++) {
    const pushed = new Promise<void>((resolve) => (arrived = resolve));
    const start = process.hrtime.bigint();
    const response = await fetch(`${loopUrl}/calls/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"callType":"audio"}',
    });
    await response.arrayBuffer();
    await pushed;
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  sink.close();
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: timings[timings.length - 1] ?? NaN };
}

async function benchStore(store: 'sqlite' | 'redis', baseline: Child, sinkUrl: string): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loop-bench-'));
  const env: Record<string, string> = {
    // One address at thousands of requests a second: the rate limits and caps are off (bench/README.md).
    ...LIMITS_OFF,
    LOOP_DATA_DIR: dataDir,
    LOG_LEVEL: options['log-level'],
    LOOP_CALL_DURATION_SECONDS: '60',
  };
  if (store === 'redis') env.LOOP_STORE_URL = options['redis-url'];
  if (Number(options.workers) > 1) {
    env.LOOP_WORKERS = options.workers;
    env.LOOP_PUBSUB_URL = options['redis-url'];
  }
  env.LOOP_ALLOW_PRIVATE_PUSH = 'true'; // the push sink listens on 127.0.0.1, an address refused by default
  const extraArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'profiles')}`] : [];
  let loop: Child;
  try {
    loop = await startChild('src/main.ts', await freePort(), env, '/__lbheartbeat__', extraArgs);
  } catch (error) {
    console.log(`\n## ${store}: not measured (${(error as Error).message})`);
    return;
  }
  try {
    const reader = new LoopClient(loop.url);
    await reader.register();
    const bob = new LoopClient(loop.url);
    await bob.register({ simplePushURLs: { calls: sinkUrl } });
    const token = (
      (await bob.request('POST', '/call-url', { body: { callerId: 'Alice', issuer: 'Bob' } })).body as {
        callToken: string;
      }
    ).callToken;
    const readerTokens = wantsLinks(options.paths) ? await createLinks(reader, Number(options.links)) : [];

    const wanted = new Set(options.paths.split(','));
    const roomRequests =
      wanted.has('join') || wanted.has('refresh') ? await prepareRoomRequests(loop.url, sinkUrl) : null;
    const paths: Array<{ key: string; path: string; target?: number; requests: Request[] }> = [
      {
        key: 'link',
        path: 'GET /calls/{token}',
        target: 50,
        requests: [linkChecks(readerTokens)],
      },
      {
        key: 'hawk',
        path: 'GET /calls?version=0 (Hawk)',
        target: 25,
        requests: [hawkSigned(loop.url, reader.sessionToken!, 'GET', '/calls?version=0')],
      },
      {
        key: 'registration',
        path: 'POST /registration',
        target: 20,
        requests: [{ method: 'POST', path: '/registration' }],
      },
      {
        key: 'call',
        path: 'POST /calls/{token} (+ push)',
        target: 10,
        requests: [
          {
            method: 'POST',
            path: `/calls/${token}`,
            headers: { 'content-type': 'application/json' },
            body: '{"callType":"audio-video"}',
          },
        ],
      },
      {
        key: 'join',
        path: 'POST /rooms/{token} join (Hawk rejoin, + push)',
        requests: roomRequests?.join ?? [],
      },
      {
        key: 'refresh',
        path: 'POST /rooms/{token} refresh (Basic)',
        requests: roomRequests?.refresh ?? [],
      },
    ];
    const rows: Row[] = [];
    for (const { key, path: name, target, requests } of paths) {
      if (!wanted.has(key)) continue;
      rows.push({ path: name, target, rounds: await measureAgainstBaseline(baseline, loop, requests) });
    }
    report(
      `${store} store (${connections} connections, ${rounds} rounds of ${roundSeconds} s each, against the baseline in turns)`,
      rows,
    );
    const latency = await pushLatency(loop.url);
    console.log(
      `\nPOST /calls/{token} → push at the sink (${store}, sequential): p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms (target ≤ 20 ms), max ${latency.max.toFixed(2)} ms`,
    );
  } finally {
    await loop.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The reference row: what the link check costs in bare Fastify + SQLite, as a ratio to the same baseline. */
async function benchFloor(baseline: Child): Promise<void> {
  const floor = await startChild('bench/fastify-floor-server.ts', await freePort(), {}, '/calls/token');
  try {
    const measured = await measureAgainstBaseline(baseline, floor, [{ method: 'GET', path: '/calls/token' }]);
    report(
      `reference: bare Fastify + SQLite read, not Loop (${connections} connections, ${rounds} rounds of ${roundSeconds} s)`,
      [{ path: 'GET /calls/{token} (bare Fastify)', rounds: measured }],
    );
  } finally {
    await floor.stop();
  }
}

async function main(): Promise<void> {
  const workers = Number(options.workers) > 1 ? `, LOOP_WORKERS=${options.workers}` : '';
  console.log(
    `# Loop benchmark: ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores${workers}`,
  );
  const sink = await startChild('bench/push-sink.ts', await freePort(), {}, '/');
  const baseline = await startChild('bench/baseline-server.ts', await freePort(), {}, '/');
  const stores = options.store === 'all' ? (['sqlite', 'redis'] as const) : ([options.store] as ['sqlite' | 'redis']);
  try {
    if (!options['no-reference']) await benchFloor(baseline);
    for (const store of stores) await benchStore(store, baseline, `${sink.url}/push`);
  } finally {
    await Promise.all([sink.stop(), baseline.stop()]);
  }
}

await main();
