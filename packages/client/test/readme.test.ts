/**
 * The README's example runs: its code block, pointed at a real in-process server, makes a call link, calls
 * it and says hello on the progress socket.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { startTestServer } from '../../../test/helpers/test-server.ts';
import type { ProgressServerFrame, ProgressSocket } from '../src/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

void it('the README example makes a call link and calls it, in at most ten lines', async () => {
  const readme = readFileSync(path.join(here, '../README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, 'a ts block in the README');
  assert.ok(
    code
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '').length <= 10,
    'ten lines',
  );

  const server = await startTestServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loop-readme-'));
  try {
    const file = path.join(dir, 'example.mts');
    const runnable = code
      .replace("from '@loop/client'", `from ${JSON.stringify(pathToFileURL(path.join(here, '../src/index.ts')).href)}`)
      .replaceAll("'https://loop.example'", JSON.stringify(server.url));
    writeFileSync(file, `${runnable}\nexport { socket, hello };\n`);
    const example = (await import(pathToFileURL(file).href)) as { socket: ProgressSocket; hello: ProgressServerFrame };
    assert.deepEqual(example.hello, { messageType: 'hello', state: 'init' });
    example.socket.close();
    await example.socket.closed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
});
