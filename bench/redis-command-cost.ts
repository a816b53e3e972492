/**
 * `node --import tsx bench/redis-command-cost.ts [redis-url]`: what one Redis command costs the Loop process,
 * in CPU (user + system) per command, measured alone: ioredis with the server's options (auto-pipelining, a
 * command timeout) and without auto-pipelining, one command at a time and ten at once (as concurrent requests
 * ask under load); and, as the floor under any client, one raw `PING` per round trip on a plain TCP socket (its
 * system calls and nothing else). The Redis rows of `npm run bench` pay this per command on top of the framework.
 */
import { Redis } from 'ioredis';
import net from 'node:net';

const url = new URL(process.argv[2] ?? 'redis://127.0.0.1:6379/3');
const host = url.hostname;
const port = Number(url.port || 6379);
const ROUND_TRIPS = 10_000;

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function measure(name: string, commandsPerTrip: number, trip: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 1000; i++) await trip(); // warm-up
  const cpuBefore = cpuMicros();
  const started = performance.now();
  for (let i = 0; i < ROUND_TRIPS; i++) await trip();
  const commands = ROUND_TRIPS * commandsPerTrip;
  const cpu = (cpuMicros() - cpuBefore) / commands;
  const wall = ((performance.now() - started) * 1000) / commands;
  console.log(`| ${name} | ${cpu.toFixed(1)} | ${wall.toFixed(1)} |`);
}

/** One `PING` written as RESP on a bare socket, resolved when the `+PONG` line is back. */
function rawPinger(socket: net.Socket): () => Promise<void> {
  let pending: (() => void) | null = null;
  socket.on('data', () => pending?.());
  return () =>
    new Promise<void>((resolve) => {
      pending = resolve;
      socket.write('*1\r\n$4\r\nPING\r\n');
    });
}

const db = Number(url.pathname.slice(1) || 3);
const pipelined = new Redis({ host, port, db, enableAutoPipelining: true, commandTimeout: 2000 });
const direct = new Redis({ host, port, db, enableAutoPipelining: false, commandTimeout: 2000 });
await pipelined.set('bench:command-cost', 'x'.repeat(200));
const socket = net.connect(port, host);
await new Promise((resolve) => socket.once('connect', resolve));
socket.setNoDelay(true);
const tenAtOnce = (redis: Redis) => () =>
  Promise.all(Array.from({ length: 10 }, () => redis.get('bench:command-cost')));

console.log(
  `# One Redis command from Node (${host}:${port}), CPU of this process per command, ${ROUND_TRIPS} round trips\n`,
);
console.log('| what | CPU µs per command | wall µs per command |');
console.log('|---|---:|---:|');
await measure('raw socket, PING, 1 per round trip (system calls only)', 1, rawPinger(socket));
await measure('ioredis as the server runs it (auto-pipelining), GET, 1 at a time', 1, () =>
  pipelined.get('bench:command-cost'),
);
await measure('ioredis as the server runs it (auto-pipelining), GET, 10 at once', 10, tenAtOnce(pipelined));
await measure('ioredis without auto-pipelining, GET, 1 at a time', 1, () => direct.get('bench:command-cost'));
await measure('ioredis without auto-pipelining, GET, 10 at once (10 writes)', 10, tenAtOnce(direct));
socket.end();
await Promise.all([pipelined.quit(), direct.quit()]);
