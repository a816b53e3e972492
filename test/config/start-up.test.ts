/** The real entry point: a misconfigured provider stops the server at start with one clear message. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { tempDir } from '../helpers/test-server.ts';

function startMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOOP_DATA_DIR: tempDir(), LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    // 'close', not 'exit': only then has every byte of stderr been read.
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

await test('LOOP_PROVIDER=livekit without its settings exits 1 naming what is missing, secrets not echoed', async () => {
  const { code, stderr } = await startMain({
    LOOP_PROVIDER: 'livekit',
    LIVEKIT_API_SECRET: 'a-secret-that-must-not-show',
  });
  assert.equal(code, 1);
  assert.match(stderr, /Invalid configuration:\n {2}- LOOP_PROVIDER=livekit needs LIVEKIT_URL, LIVEKIT_API_KEY\n/);
  assert.ok(!stderr.includes('a-secret-that-must-not-show'));
});
