/**
 * `npm run bench:rooms`: what each participant of a room sends and spends, in a full mesh (built-in provider)
 * and through Janus, for N = 2, 3, … people, measured in real headless Chromium with our room page (one
 * context per person, a small moving fake camera: tools/fake-video.ts). Per N and mode, after every page
 * decodes everyone else: each page's upstream bitrate (outbound-rtp bytes, audio included) and its
 * renderer's CPU (DevTools `Performance.getMetrics` ProcessTime), its encode and decode time (getStats
 * totalEncodeTime / totalDecodeTime), and the machine's CPU (/proc/stat, everything running on it). A mode
 * stops growing once its pages no longer all decode everyone within the warm-up, or at BENCH_ROOMS_MAX.
 *
 * Options: BENCH_ROOMS_MAX (8), BENCH_ROOMS_SECONDS (measuring window, 10), BENCH_ROOMS_MODES (mesh,janus).
 * Needs Debian's chromium and janus, and the built web app (`npm run build:web`).
 */
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { loadSecrets } from '../src/config/secrets.ts';
import { closeDeps, openDeps } from '../src/open-deps.ts';
import { writeFakeVideo } from '../tools/fake-video.ts';
import { freePort } from '../tools/free-port.ts';
import { JanusServer, machineIpv4 } from '../tools/janus-server.ts';
import { LoopClient } from '../tools/loop-client.ts';

type Mode = 'mesh' | 'janus';

interface Upstream {
  videoTracks: number;
  videoStreams: number;
  bytesSent: number;
  encodeSeconds: number;
}
interface PeerStats {
  name: string;
  video: Array<{ kind: string; framesDecoded: number; decodeSeconds: number }>;
}
interface Sample {
  wall: number;
  upstream: Upstream;
  decodeSeconds: number;
  cpuSeconds: number;
}
interface Row {
  n: number;
  mode: Mode;
  ok: boolean;
  kbps: number;
  videoStreams: number;
  cpuPercent: number;
  encodeMsPerSec: number;
  decodeMsPerSec: number;
  machinePercent: number;
}

const MAX_N = Number(process.env.BENCH_ROOMS_MAX ?? 8);
const WINDOW_SEC = Number(process.env.BENCH_ROOMS_SECONDS ?? 10);
const MODES = (process.env.BENCH_ROOMS_MODES ?? 'mesh,janus').split(',') as Mode[];
const WARM_UP_MS = 60_000;

async function startLoop(env: Record<string, string>) {
  const port = await freePort();
  const dataDir = path.join(os.tmpdir(), `loop-bench-rooms-${port}`);
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOOP_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOOP_ROOM_MAX_SIZE: '50',
    ...env,
  });
  const deps = openDeps(config, loadSecrets(config.secretsFile, {}), { log: pino({ level: 'silent' }) });
  const app = await buildApp(deps);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await closeDeps(deps);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Busy and total jiffies of the whole machine. */
function machineTimes(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

async function sample(page: Page): Promise<Sample> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  await session.detach();
  const { upstream, peers } = await page.evaluate(async () => {
    const w = window as unknown as { loopRoomUpstream(): Promise<Upstream>; loopRoomStats(): Promise<PeerStats[]> };
    return { upstream: await w.loopRoomUpstream(), peers: await w.loopRoomStats() };
  });
  const decodeSeconds = peers.flatMap((p) => p.video).reduce((sum, v) => sum + v.decodeSeconds, 0);
  const cpuSeconds = metrics.find((m) => m.name === 'ProcessTime')?.value ?? 0;
  return { wall: Date.now() / 1000, upstream, decodeSeconds, cpuSeconds };
}

/** Every page decodes video from every other one (the frame count of each rises). */
async function allDecoding(pages: Page[], names: string[]): Promise<boolean> {
  const frames = async () =>
    Promise.all(
      pages.map(async (page) => {
        const peers = await page.evaluate(() =>
          (window as unknown as { loopRoomStats(): Promise<PeerStats[]> }).loopRoomStats(),
        );
        return new Map(peers.map((p) => [p.name, p.video.reduce((sum, v) => sum + v.framesDecoded, 0)]));
      }),
    );
  const deadline = Date.now() + WARM_UP_MS;
  while (Date.now() < deadline) {
    const first = await frames();
    const complete = first.every((seen, i) => names.every((name, j) => i === j || (seen.get(name) ?? 0) > 0));
    if (complete) {
      await sleep(1000);
      const second = await frames();
      if (
        second.every((seen, i) =>
          names.every((name, j) => i === j || (seen.get(name) ?? 0) > (first[i]?.get(name) ?? 0)),
        )
      )
        return true;
    }
    await sleep(500);
  }
  return false;
}

async function measure(browser: Browser, loopUrl: string, mode: Mode, n: number): Promise<Row> {
  const owner = new LoopClient(loopUrl);
  await owner.register();
  const created = await owner.request<{ roomUrl: string }>('POST', '/rooms', {
    // One seat more than N: the capacity rule keeps one for the owner, who does not join.
    body: { roomOwner: 'Bench', maxSize: n + 1, context: { value: 'eA', alg: 'AES-GCM', wrappedKey: '' } },
  });
  if (created.status !== 201) throw new Error(`POST /rooms: ${created.status} ${created.text}`);
  const names = Array.from({ length: n }, (_, i) => `P${i + 1}`);
  const contexts = await Promise.all(names.map(() => browser.newContext({ viewport: { width: 640, height: 480 } })));
  const pages: Page[] = [];
  try {
    for (const [i, context] of contexts.entries()) {
      const page = await context.newPage();
      await page.goto(created.body.roomUrl);
      await page.getByLabel('Your name').fill(names[i]!);
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      pages.push(page);
    }
    const ok = await allDecoding(pages, names);
    const machineBefore = machineTimes();
    const before = await Promise.all(pages.map(sample));
    await sleep(WINDOW_SEC * 1000);
    const after = await Promise.all(pages.map(sample));
    const machineAfter = machineTimes();
    const per = before.map((b, i) => {
      const a = after[i]!;
      const seconds = a.wall - b.wall;
      return {
        kbps: ((a.upstream.bytesSent - b.upstream.bytesSent) * 8) / 1000 / seconds,
        cpu: ((a.cpuSeconds - b.cpuSeconds) / seconds) * 100,
        encode: ((a.upstream.encodeSeconds - b.upstream.encodeSeconds) / seconds) * 1000,
        decode: ((a.decodeSeconds - b.decodeSeconds) / seconds) * 1000,
        streams: a.upstream.videoStreams,
      };
    });
    const mean = (pick: (p: (typeof per)[number]) => number) => per.reduce((sum, p) => sum + pick(p), 0) / per.length;
    return {
      n,
      mode,
      ok,
      kbps: mean((p) => p.kbps),
      videoStreams: mean((p) => p.streams),
      cpuPercent: mean((p) => p.cpu),
      encodeMsPerSec: mean((p) => p.encode),
      decodeMsPerSec: mean((p) => p.decode),
      machinePercent:
        ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100,
    };
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

function print(rows: Row[]): void {
  const lines = [
    '| N | mode | all decode all | upstream kbit/s per person | video streams sent | renderer CPU % per person | encode ms/s | decode ms/s | machine CPU % (2 cores = 100) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${r.mode} | ${r.ok ? 'yes' : 'no'} | ${r.kbps.toFixed(0)} | ${r.videoStreams.toFixed(1)} | ${r.cpuPercent.toFixed(0)} | ${r.encodeMsPerSec.toFixed(0)} | ${r.decodeMsPerSec.toFixed(0)} | ${r.machinePercent.toFixed(0)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const ice = machineIpv4();
  if (!ice) throw new Error('no non-loopback IPv4 address: Chromium gathers no loopback candidates');
  const janus = await new JanusServer(ice).start();
  const video = path.join(janus.dir, 'camera.y4m');
  writeFakeVideo(video);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const rows: Row[] = [];
  try {
    for (const mode of MODES) {
      const loop = await startLoop(
        mode === 'mesh' ? { LOOP_PROVIDER: 'builtin' } : { LOOP_PROVIDER: 'janus', ...janus.loopEnv() },
      );
      try {
        for (let n = 2; n <= MAX_N; n++) {
          const row = await measure(browser, loop.url, mode, n);
          rows.push(row);
          process.stderr.write(`${mode} N=${n}: ${JSON.stringify(row)}\n`);
          // The machine's CPU is shared with whatever else runs on it: only a mode that stops working stops here.
          if (!row.ok) break;
        }
      } finally {
        await loop.close();
      }
    }
  } finally {
    await browser.close();
    await janus.destroy();
  }
  process.stdout.write(
    `\nbench:rooms on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), fake camera 320x240 at 15 fps, ${WINDOW_SEC} s windows\n\n`,
  );
  print(rows);
}

await main();
