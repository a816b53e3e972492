/**
 * Builds the browser side (`web/`) into `dist/web/` with esbuild: the caller's page (`caller.js`), the
 * callee's app (`app.js`), the room page (`room.js`), the app's service worker (`sw.js`, a classic script)
 * and the stylesheet. Run by
 * `npm run build:web`, and so by `prestart` and `pretest`. `--watch` rebuilds on change.
 */
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/web');
const watch = process.argv.includes('--watch');

const common: esbuild.BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  minify: !watch,
  sourcemap: 'linked',
  target: ['chrome110', 'firefox115', 'safari16'],
  outdir,
  logLevel: 'warning',
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
};

const builds: esbuild.BuildOptions[] = [
  {
    ...common,
    entryPoints: {
      caller: 'web/caller/main.ts',
      app: 'web/callee/main.ts',
      room: 'web/room/main.ts',
      loop: 'web/styles/loop.css',
    },
    format: 'esm',
    platform: 'browser',
    // The vendor SDKs (livekit-client, @opentok/client) are imported on demand: their own chunks.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  },
  { ...common, entryPoints: { sw: 'web/sw/sw.ts' }, format: 'iife', platform: 'browser' },
];

rmSync(outdir, { recursive: true, force: true });
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  process.stdout.write(`watching web/ → ${path.relative(root, outdir)}/\n`);
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  process.stdout.write(`web app built into ${path.relative(root, outdir)}/ in ${Date.now() - started} ms\n`);
}
