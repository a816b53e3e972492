/**
 * The server as operators run it: `node --import tsx src/main.ts` in a child process, ready when
 * `/__lbheartbeat__` answers. Private push addresses are allowed (push sinks live on 127.0.0.1) unless `env` says otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LIMITS_OFF } from '../../tools/limits-off.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How the process ended, known once its stdout and stderr are closed, so `output()` is complete by then. */
export interface ServerExit {
  code: number | null;
  /** Date.now() when the process exited. */
  at: number;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /**
   * Resolves after the process has exited and its output pipes are drained: 'exit' alone can come before the
   * last log lines are read (a cluster primary's final line was missing from output() in CI).
   */
  exited: Promise<ServerExit>;
  /** SIGKILL: no drain, no close; what a crash looks like. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServerProcess(
  env: Record<string, string>,
  port: number,
  timeoutMs = 15_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOOP_ALLOW_PRIVATE_PUSH: 'true',
      ...LIMITS_OFF, // as in test-server.ts
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitedAt = 0;
  child.once('exit', () => (exitedAt = Date.now()));
  const exited = new Promise<ServerExit>((resolve) =>
    child.once('close', (code: number | null) => resolve({ code, at: exitedAt || Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/__lbheartbeat__`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
