/**
 * `npm run fuzz [-- --requests 10000 --store sqlite|redis --seed N]`: the long fuzz run over every route of a
 * real server (route-fuzz.ts), printing the counts by status; exits 1 on the first 5xx or non-JSON error.
 * Limits are off (as in every test server) so that the requests reach the routes rather than the 429s.
 */
import { parseArgs } from 'node:util';
import { startTestServer } from '../helpers/test-server.ts';
import { fuzzRoutes, fuzzTarget } from './route-fuzz.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    store: { type: 'string', default: 'sqlite' },
    seed: { type: 'string' },
  },
});
const requests = Number(values.requests);
const env: Record<string, string> = { LOOP_BODY_LIMIT_BYTES: '4096' };
if (values.store === 'redis') env.LOOP_STORE_URL = 'redis://127.0.0.1:6379/8';
const server = await startTestServer({ env });
const started = Date.now();
let exitCode = 0;
try {
  const outcome = await fuzzRoutes(
    await fuzzTarget(server.url, server.app.routeTable),
    requests,
    values.seed !== undefined ? Number(values.seed) : undefined,
  );
  const routes = new Set(server.app.routeTable.map((route) => `${route.method} ${route.url}`)).size;
  process.stdout.write(
    `${requests} fuzzed requests over ${routes} routes (${values.store}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  for (const [status, count] of [...outcome.byStatus].sort((a, b) => a[0] - b[0]))
    process.stdout.write(`  ${status === 0 ? 'refused by fetch' : status}: ${count}\n`);
  const fiveXx = [...outcome.byStatus].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0);
  process.stdout.write(`5xx: ${fiveXx}; every error JSON-shaped: yes\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  await server.close();
}
process.exit(exitCode);
