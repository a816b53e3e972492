/** Writes dist/build-info.json (`rev`, `branch`) from the checkout, for an image that leaves `.git` behind. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readBuildInfo } from '../src/observability/build-info.ts';

mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/build-info.json', import.meta.url), `${JSON.stringify(readBuildInfo())}\n`);
