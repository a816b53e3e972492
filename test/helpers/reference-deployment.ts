/**
 * deploy/local/up and down, run as an operator runs them, on free ports and a fresh state directory, with
 * the Node that runs the tests. The machine's own non-loopback IPv4 is the public address: Chromium gathers
 * no loopback ICE candidates, so coturn and the URL cannot be on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/free-port.ts';
import { tempDir } from './test-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ReferenceDeployment {
  url: string;
  address: string;
  state: string;
  loopPorts: [number, number];
  /** The local CA's and the server's certificates (PEM), made by `up`. */
  caPem: string;
  serverPem: string;
  pidOf(instance: 1 | 2): number;
  read(file: string): string;
  down(): void;
}

/** The first non-internal IPv4 address of this machine, or null. */
export function ownIPv4(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  return null;
}

function run(script: string, env: Record<string, string>): string {
  const result = spawnSync(path.join(ROOT, 'deploy/local', script), {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0)
    throw new Error(`deploy/local/${script} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export async function startReferenceDeployment(address: string): Promise<ReferenceDeployment> {
  const state = tempDir('loop-deploy-');
  const loopPorts: [number, number] = [await freePort(), await freePort()];
  // Relay ports: a random range, so two runs on one machine do not share one.
  const relayBase = 50_000 + Math.floor(Math.random() * 150) * 100;
  const env = {
    LOOP_DEPLOY_STATE: state,
    LOOP_DEPLOY_ADDRESS: address,
    LOOP_DEPLOY_HTTPS_PORT: String(await freePort()),
    LOOP_DEPLOY_LOOP_PORTS: loopPorts.join(' '),
    LOOP_DEPLOY_REDIS_PORT: String(await freePort()),
    LOOP_DEPLOY_TURN_PORT: String(await freePort()),
    LOOP_DEPLOY_RELAY_PORTS: `${relayBase}-${relayBase + 99}`,
    NODE: process.execPath,
  };
  const read = (file: string) => readFileSync(path.join(state, file), 'utf8');
  try {
    run('up', env);
  } catch (error) {
    run('down', env);
    throw error;
  }
  return {
    url: read('url').trim(),
    address,
    state,
    loopPorts,
    caPem: read('tls/ca.pem'),
    serverPem: read('tls/server.pem'),
    pidOf: (instance) => Number(read(`loop-${instance}.pid`)),
    read,
    down() {
      run('down', env);
      rmSync(state, { recursive: true, force: true });
    },
  };
}
