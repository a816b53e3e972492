/**
 * Where the browser bundles are: `dist/web/` at the repository root, written by `npm run build:web`
 * (`scripts/build-web.ts`; `prestart` and `pretest` run it).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ASSETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** The files the pages name; a missing one means the build did not run. */
export const WEB_BUNDLES = ['caller.js', 'app.js', 'room.js', 'sw.js', 'loop.css'] as const;

export function missingWebBundles(dir = WEB_ASSETS_DIR): string[] {
  return WEB_BUNDLES.filter((file) => !existsSync(path.join(dir, file)));
}
