/**
 * `npm run bench:compare -- <path> [--store sqlite|redis] [--before DIR] [--after DIR]`: one path on two
 * servers started from two source trees (`--before`, e.g. a worktree of main; `--after`, this tree by default),
 * measured in alternating rounds so that the machine's drifting load falls on both alike. Reports each
 * server's CPU time per request (from /proc), the figure an optimisation changes, and req/s.
 */
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LoopClient } from '../tools/loop-client.ts';
import { freePort } from '../tools/free-port.ts';
import { LIMITS_OFF } from '../tools/limits-off.ts';
import { hawkSigned, type Request } from './hawk-request.ts';
import { createLinks, linkChecks } from './many-links.ts';
import { cpuSeconds, ROOT, startChild, type Child } from './processes.ts';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    store: { type: 'string', default: 'sqlite' },
    before: { type: 'string' },
    after: { type: 'string', default: ROOT },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    'log-level': { type: 'string', default: 'info' },
    /** Distinct links the link check reads in turn (1: one hot link). */
    links: { type: 'string', default: '10000' },
  },
});
const which = positionals[0] ?? 'link';
if (!options.before)
  throw new Error(
    'usage: compare.ts <link|hawk|registration|call> --before <source tree> [--after <source tree>] [--store sqlite|redis]',
  );
const connections = Number(options.connections);

/**
 * On Redis, the store's work runs in redis-server, outside the Loop process: its CPU (INFO cpu, the whole
 * server, so other clients of a shared Redis count too) is reported beside Loop's, or Redis looks free.
 */
const redisInfo =
  options.store === 'redis'
    ? new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 })
    : null;
async function redisCpuSeconds(): Promise<number> {
  if (!redisInfo) return 0;
  const info = await redisInfo.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

interface Server {
  name: string;
  loop: Child;
  request: Request;
  cpuUs: number[];
  redisUs: number[];
  rps: number[];
}

async function startServer(name: string, tree: string, db: number, sinkUrl: string): Promise<Server> {
  const env: Record<string, string> = {
    ...LIMITS_OFF, // one address at thousands of requests a second (bench/README.md)
    LOOP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'loop-compare-')),
    LOG_LEVEL: options['log-level'],
    LOOP_CALL_DURATION_SECONDS: '60',
    LOOP_ALLOW_PRIVATE_PUSH: 'true', // the push sink listens on 127.0.0.1, an address refused by default
  };
  if (options.store === 'redis') env.LOOP_STORE_URL = `redis://127.0.0.1:6379/${db}`;
  const loop = await startChild('src/main.ts', await freePort(), env, '/__lbheartbeat__', [], tree);
  const client = new LoopClient(loop.url);
  await client.register({ simplePushURLs: { calls: sinkUrl } });
  const token = (
    (await client.request('POST', '/call-url', { body: { callerId: 'Alice' } })).body as { callToken: string }
  ).callToken;
  const requests: Record<string, Request> = {
    link:
      which === 'link' ? linkChecks(await createLinks(client, Number(options.links))) : { method: 'GET', path: '/' },
    hawk: hawkSigned(loop.url, client.sessionToken!, 'GET', '/calls?version=0'),
    registration: { method: 'POST', path: '/registration' },
    call: {
      method: 'POST',
      path: `/calls/${token}`,
      headers: { 'content-type': 'application/json' },
      body: '{"callType":"audio-video"}',
    },
  };
  const request = requests[which];
  if (!request) throw new Error(`unknown path ${which}`);
  return { name, loop, request, cpuUs: [], redisUs: [], rps: [] };
}

const sink = await startChild('bench/push-sink.ts', await freePort(), {}, '/');
const servers = [
  await startServer(`before ${options.before}`, options.before, 13, `${sink.url}/push`),
  await startServer(`after ${options.after}`, options.after, 14, `${sink.url}/push`),
];
try {
  for (const server of servers)
    await autocannon({ url: server.loop.url, connections, duration: 2, requests: [server.request] });
  for (let round = 0; round < Number(options.rounds); round++) {
    for (const server of servers) {
      const before = cpuSeconds(server.loop.process.pid);
      const redisBefore = await redisCpuSeconds();
      const result = await autocannon({
        url: server.loop.url,
        connections,
        duration: Number(options.seconds),
        requests: [server.request],
      });
      if (result.non2xx + result.errors > 0)
        console.log(`${server.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      server.cpuUs.push((1e6 * (cpuSeconds(server.loop.process.pid) - before)) / result.requests.total);
      server.redisUs.push((1e6 * ((await redisCpuSeconds()) - redisBefore)) / result.requests.total);
      server.rps.push(result.requests.average);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  for (const server of servers) {
    console.log(
      `${which} (${options.store}) ${server.name}: server CPU ${median(server.cpuUs).toFixed(0)} µs/request (rounds: ${server.cpuUs.map((x) => x.toFixed(0)).join(', ')}), ${median(server.rps).toFixed(0)} req/s${redisInfo ? `, redis-server CPU ${median(server.redisUs).toFixed(0)} µs/request` : ''}`,
    );
  }
} finally {
  await Promise.all([...servers.map((server) => server.loop.stop()), sink.stop()]);
  redisInfo?.disconnect();
}
