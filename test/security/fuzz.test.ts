/**
 * A short property-based fuzz run over every route (route-fuzz.ts): no 5xx, every error in Loop's JSON
 * shape. `npm run fuzz` runs the long one (10,000 requests and more) and prints the counts by status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { fuzzRoutes, fuzzTarget } from './route-fuzz.ts';

const REQUESTS = Number(process.env.LOOP_FUZZ_REQUESTS ?? 400);

void describe('fuzzing every route', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { LOOP_BODY_LIMIT_BYTES: '4096' } });
  });
  after(() => server.close());

  void it(`answers ${REQUESTS} random requests without a 5xx, every error in Loop's JSON shape`, async () => {
    const outcome = await fuzzRoutes(await fuzzTarget(server.url, server.app.routeTable), REQUESTS);
    const total = [...outcome.byStatus.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, REQUESTS);
    assert.ok(outcome.byStatus.size >= 5, `a spread of answers: ${JSON.stringify([...outcome.byStatus])}`);
  });
});
