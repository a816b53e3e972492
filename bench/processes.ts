/** Child processes for the benchmark: each server runs alone, as it would in production. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Child {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitUntil(
  ready: () => Promise<boolean>,
  child: ChildProcess,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `cwd`: the source tree to run `script` from (this one by default; bench/compare.ts runs two). */
export async function startChild(
  script: string,
  port: number,
  env: Record<string, string>,
  readyPath: string,
  extraArgs: string[] = [],
  cwd = ROOT,
): Promise<Child> {
  const child = spawn(process.execPath, [...extraArgs, '--import', 'tsx', script], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}${readyPath}`)).status < 500, child, script);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the parenthesised command name (state is the 1st). */
function statFields(pid: number | string): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    // utime is the 12th field, stime the 13th.
    const fields = statFields(pid ?? NaN);
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds of a process and its live children (a LOOP_WORKERS primary and its workers): children are found
 * by their parent pid (the 2nd field after the name) among /proc's entries.
 */
export function treeCpuSeconds(pid: number | undefined): number {
  let total = cpuSeconds(pid);
  if (pid === undefined) return total;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(entry)[1]) === pid) total += cpuSeconds(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
