/**
 * Real redis-server processes started by a test on ports its brief owns: a standalone server to stop and
 * restart (outage tests) or three cluster masters joined with `redis-cli --cluster create`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually } from './eventually.ts';
import { redisAnswers } from './requirements.ts';

function cli(port: number, ...args: string[]): string {
  const result = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

export class RedisServerProcess {
  private child: ChildProcess | null = null;
  readonly dir: string;

  constructor(
    readonly port: number,
    private readonly extraArgs: string[] = [],
  ) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), `loop-redis-${port}-`));
  }

  async start(): Promise<this> {
    // A server left on this port by an earlier, interrupted run of these tests would answer for us.
    if (await redisAnswers('127.0.0.1', this.port)) cli(this.port, 'SHUTDOWN', 'NOSAVE');
    await eventually(`port ${this.port} to be free`, async () => !(await redisAnswers('127.0.0.1', this.port)));
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.dir,
      ...this.extraArgs,
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    await eventually(`redis-server on ${this.port}`, () => redisAnswers('127.0.0.1', this.port));
    return this;
  }

  /** Stops the server as an outage would: at once, without saving. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Three masters on `ports`, no replicas, all 16384 slots assigned; `destroy()` stops them and removes their files. */
export class RedisClusterProcesses {
  readonly servers: RedisServerProcess[];

  constructor(readonly ports: readonly number[]) {
    this.servers = ports.map(
      (port) =>
        new RedisServerProcess(port, [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '2000',
        ]),
    );
  }

  async start(): Promise<this> {
    await Promise.all(this.servers.map((server) => server.start()));
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...this.ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await eventually(
      'cluster_state:ok on every node',
      () => this.ports.every((port) => cli(port, 'CLUSTER', 'INFO').includes('cluster_state:ok')),
      10_000,
    );
    return this;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.destroy()));
  }
}
