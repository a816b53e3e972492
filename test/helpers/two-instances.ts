/**
 * Two Loop instances in this process on one Redis database (store and pub/sub), each with its own
 * connections: what two servers behind a load balancer have. They share one data directory, so their
 * secrets are the same. The database is flushed first: the calling test file owns it.
 */
import { rmSync } from 'node:fs';
import { testRedis, testRedisUrl } from './requirements.ts';
import { startTestServer, tempDir, type TestServer } from './test-server.ts';

export interface TwoInstances {
  a: TestServer;
  b: TestServer;
  close(): Promise<void>;
}

export async function startTwoInstances(db: number, env: Record<string, string> = {}): Promise<TwoInstances> {
  const flush = testRedis(db);
  await flush.flushdb();
  await flush.quit();
  const dataDir = tempDir();
  const shared = { LOOP_STORE_URL: testRedisUrl(db), LOOP_PUBSUB_URL: testRedisUrl(db), ...env };
  const a = await startTestServer({ env: shared, dataDir });
  const b = await startTestServer({ env: shared, dataDir });
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
