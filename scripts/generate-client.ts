/**
 * Writes the SDK's operation types, `packages/client/src/schema.d.ts`, from the OpenAPI document the server
 * serves: the app is built in-process (nothing listens), `app.swagger()` is handed to openapi-typescript, and
 * the result is formatted by prettier so that `npm run lint` accepts it. Run by `npm run generate:client`
 * after a route or a response schema changes; packages/client/test/schema-fresh.test.ts fails until it is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import pino from 'pino';
import prettier from 'prettier';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { loadSecrets } from '../src/config/secrets.ts';
import { closeDeps, openDeps } from '../src/open-deps.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = path.join(root, 'packages/client/src/schema.d.ts');

const HEADER = `/**
 * The Loop API's operations, generated from GET /openapi.json by \`npm run generate:client\`
 * (scripts/generate-client.ts, openapi-typescript). Do not edit: change the routes' schemas and regenerate.
 */
`;

/** The OpenAPI document of an app built with the default settings and a throw-away data directory. */
async function servedDocument(): Promise<object> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loop-openapi-'));
  try {
    const config = loadConfig({ LOOP_DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' });
    const deps = openDeps(config, loadSecrets(config.secretsFile, {}), { log: pino({ level: 'silent' }) });
    const app = await buildApp(deps);
    try {
      await app.ready();
      return app.swagger() as object;
    } finally {
      await app.close();
      await closeDeps(deps);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text `schema.d.ts` should have for the routes as they are now. */
export async function generateClientSchema(): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(await servedDocument())) as never);
  const source = HEADER + astToString(ast);
  const options = (await prettier.resolveConfig(SCHEMA_FILE)) ?? {};
  return prettier.format(source, { ...options, filepath: SCHEMA_FILE });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, await generateClientSchema());
  process.stdout.write(`wrote ${path.relative(root, SCHEMA_FILE)}\n`);
}
