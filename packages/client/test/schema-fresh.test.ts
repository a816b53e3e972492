/**
 * The committed operation types (packages/client/src/schema.d.ts) are what the server's document gives
 * now: a route or schema changed without `npm run generate:client` fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { generateClientSchema, SCHEMA_FILE } from '../../../scripts/generate-client.ts';

void it('packages/client/src/schema.d.ts is generated from the current OpenAPI document', async () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  const current = await generateClientSchema();
  assert.ok(committed === current, 'schema.d.ts is stale: run `npm run generate:client` and commit the result');
});
