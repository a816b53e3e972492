/**
 * A crash loses nothing: the server process is killed with SIGKILL and started again on the same data
 * directory; sessions, links and push URLs are all still there. Also: a bad configuration stops the
 * server with one message naming every problem.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { LoopClient } from '../../tools/loop-client.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/test-server.ts';
import { freePort } from '../../tools/free-port.ts';
import { SimplePushServer } from '../fakes/simplepush-server.ts';

void describe('the server process', () => {
  const push = new SimplePushServer();
  after(() => push.stop());

  void it('keeps sessions, links and push URLs across kill -9', async () => {
    await push.start();
    const dataDir = tempDir();
    const port = await freePort();
    const first = await startServerProcess({ LOOP_DATA_DIR: dataDir }, port);
    const bob = new LoopClient(first.url);
    await bob.register({ simplePushURLs: { calls: push.endpoint('/bob') } });
    const token = (
      (await bob.request('POST', '/call-url', { body: { callerId: 'Alice', issuer: 'Bob' } })).body as {
        callToken: string;
      }
    ).callToken;
    await first.kill9();
    const logs = first.output();
    assert.match(logs, /"msg":"Loop server ready"/, 'logs are JSON lines');
    for (const secret of [bob.sessionToken ?? '', bob.credentials.key, token])
      assert.ok(!logs.includes(secret), 'no token or key in the logs');

    const second = await startServerProcess({ LOOP_DATA_DIR: dataDir }, port);
    try {
      assert.equal((await bob.request('GET', '/call-url')).status, 200, 'the Hawk session survived');
      const info = await new LoopClient(second.url).request('GET', `/calls/${token}`);
      assert.deepEqual((info.body as { calleeFriendlyName: string }).calleeFriendlyName, 'Bob', 'the link survived');
      const call = await new LoopClient(second.url).request('POST', `/calls/${token}`, { body: { callType: 'audio' } });
      assert.equal(call.status, 200);
      await push.waitFor(1);
      assert.equal(push.received[0]?.path, '/bob', 'the push URL survived');
    } finally {
      await second.stop();
    }
  });

  void it('refuses a bad configuration with one message listing every problem', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'x', LOOP_PROVIDER: 'nope', LOOP_DATA_DIR: tempDir() },
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Invalid configuration/);
    assert.match(result.stderr, /PORT/);
    assert.match(result.stderr, /LOOP_PROVIDER/);
  });
});
