/**
 * A real Janus (Debian's `janus`) started by a test from the configuration kept in `deploy/janus/`: fresh
 * API and admin secrets per run, both APIs on 127.0.0.1 at free ports, ICE on the machine's own IPv4
 * address, and only the VideoRoom plugin and the HTTP transport loaded (symlinked into the run folder).
 * Debugging: `JANUS_DEBUG_LEVEL` (default 3) sets its log level, `JANUS_LOG_FILE` appends its whole output there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';

const TEMPLATES = fileURLToPath(new URL('../deploy/janus/', import.meta.url));
const CONFIG_FILES = ['janus.jcfg', 'janus.transport.http.jcfg', 'janus.plugin.videoroom.jcfg'];

/** Where the package put its plugins and transports (`/usr/lib/<triplet>/janus` on Debian). */
export function janusLibDir(): string | null {
  const candidates = [process.env.JANUS_LIB_DIR, '/usr/lib/janus', '/opt/janus/lib/janus'];
  try {
    for (const entry of readdirSync('/usr/lib')) candidates.push(path.join('/usr/lib', entry, 'janus'));
  } catch {
    // no /usr/lib: only the explicit candidates
  }
  return (
    candidates.find(
      (dir): dir is string => dir !== undefined && existsSync(path.join(dir, 'plugins', 'libjanus_videoroom.so')),
    ) ?? null
  );
}

/** The first non-internal IPv4 address: what Chromium gathers host candidates on. */
export function machineIpv4(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return null;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`deploy/janus: no value for {{${name}}}`);
    return value;
  });
}

export class JanusServer {
  readonly apiSecret: string;
  readonly adminSecret: string;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'loop-janus-'));
  httpPort = 0;
  adminPort = 0;
  private child: ChildProcess | null = null;
  private output = '';

  /** `secrets`: the same ones for several Janus servers behind one Loop (fresh ones by default). */
  constructor(
    private readonly iceAddress: string,
    secrets: { apiSecret: string; adminSecret: string } = {
      apiSecret: randomBytes(16).toString('hex'),
      adminSecret: randomBytes(16).toString('hex'),
    },
  ) {
    this.apiSecret = secrets.apiSecret;
    this.adminSecret = secrets.adminSecret;
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}/janus`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}/admin`;
  }

  /** The settings a Loop server needs to use this Janus. */
  loopEnv(): Record<string, string> {
    return {
      JANUS_URL: this.url,
      JANUS_ADMIN_URL: this.adminUrl,
      JANUS_API_SECRET: this.apiSecret,
      JANUS_ADMIN_SECRET: this.adminSecret,
    };
  }

  private writeConfig(libDir: string): void {
    const folders = { plugins: 'libjanus_videoroom.so', transports: 'libjanus_http.so' } as const;
    for (const [folder, library] of Object.entries(folders)) {
      mkdirSync(path.join(this.dir, folder), { recursive: true });
      const link = path.join(this.dir, folder, library);
      if (!existsSync(link)) symlinkSync(path.join(libDir, folder, library), link);
    }
    for (const folder of ['events', 'loggers']) mkdirSync(path.join(this.dir, folder), { recursive: true });
    const values = {
      CONFIG_DIR: this.dir,
      PLUGINS_DIR: path.join(this.dir, 'plugins'),
      TRANSPORTS_DIR: path.join(this.dir, 'transports'),
      EVENTS_DIR: path.join(this.dir, 'events'),
      LOGGERS_DIR: path.join(this.dir, 'loggers'),
      DEBUG_LEVEL: process.env.JANUS_DEBUG_LEVEL ?? '3',
      API_SECRET: this.apiSecret,
      ADMIN_SECRET: this.adminSecret,
      RTP_PORT_RANGE: '20000-40000',
      ICE_ADDRESS: this.iceAddress,
      HTTP_IP: '127.0.0.1',
      HTTP_PORT: String(this.httpPort),
      ADMIN_IP: '127.0.0.1',
      ADMIN_PORT: String(this.adminPort),
    };
    for (const file of CONFIG_FILES)
      writeFileSync(path.join(this.dir, file), fill(readFileSync(path.join(TEMPLATES, file), 'utf8'), values));
  }

  /** Starts Janus (again, on the same ports and secrets after `stop()`) and waits until its HTTP API answers. */
  async start(): Promise<this> {
    const libDir = janusLibDir();
    if (!libDir) throw new Error('Janus plugins not found (Debian: apt-get install janus)');
    if (this.httpPort === 0) {
      this.httpPort = await freePort();
      this.adminPort = await freePort();
    }
    this.writeConfig(libDir);
    this.output = '';
    const child = spawn('janus', ['-C', path.join(this.dir, 'janus.jcfg'), '-F', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      if (process.env.JANUS_LOG_FILE) appendFileSync(process.env.JANUS_LOG_FILE, chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 10_000;
    while (!(await this.answers())) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await this.stop();
        throw new Error(`janus did not start:\n${this.output}`);
      }
      await sleep(50);
    }
    return this;
  }

  async answers(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/info`, { signal: AbortSignal.timeout(500) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Stops Janus at once, as an outage would; its rooms are gone (Loop creates them `permanent: false`). */
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

  /** Janus's recent output, for a failing test's message. */
  get log(): string {
    return this.output;
  }
}
