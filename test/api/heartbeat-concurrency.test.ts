/**
 * `/__heartbeat__` tells the truth under concurrency: each storage ping used to write a random value and read
 * the row back in a later turn, so concurrent pings overwrote each other and answered 503 {"storage": false}
 * on a healthy server (0-2 of 4 at a time; 2-12 times per 10,000-request fuzz run). 50 at once, on each store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireRedis, testRedis, testRedisUrl } from '../helpers/requirements.ts';
import { startTestServer } from '../helpers/test-server.ts';

const redisUp = await requireRedis('heartbeat under concurrency on Redis');

async function fiftyAtOnce(env: Record<string, string>): Promise<number[]> {
  const server = await startTestServer({ env });
  try {
    const statuses: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${server.url}/__heartbeat__`).then((response) => response.status)),
      );
      statuses.push(...answers);
    }
    return statuses;
  } finally {
    await server.close();
  }
}

void describe('GET /__heartbeat__ under concurrency', () => {
  void it('answers 200 to 4 rounds of 50 concurrent requests on SQLite', async () => {
    const statuses = await fiftyAtOnce({});
    assert.deepEqual(
      statuses.filter((status) => status !== 200),
      [],
    );
  });

  if (redisUp)
    void it('answers 200 to 4 rounds of 50 concurrent requests on Redis', async () => {
      const redis = testRedis(6);
      await redis.flushdb();
      redis.disconnect();
      const statuses = await fiftyAtOnce({ LOOP_STORE_URL: testRedisUrl(6) });
      assert.deepEqual(
        statuses.filter((status) => status !== 200),
        [],
      );
    });
});
