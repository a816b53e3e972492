/**
 * The build's git commit and branch, for `GET /` (`rev`, `branch`, as the 2016 server showed them). Read once
 * from the checkout's `.git` (a worktree's `.git` file too) without running git; a container built without
 * `.git` reads `dist/build-info.json`, written at build time by `scripts/write-build-info.ts`. Unknown: null.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  rev: string | null;
  branch: string | null;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readText = (file: string): string | null => (existsSync(file) ? readFileSync(file, 'utf8').trim() : null);

/** The git directory of `root`: `.git` itself, or where a worktree's `.git` file points. */
function gitDir(root: string): string | null {
  const dotGit = path.join(root, '.git');
  if (!existsSync(dotGit)) return null;
  if (statSync(dotGit).isDirectory()) return dotGit;
  const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
  return pointer ? path.resolve(root, pointer) : null;
}

/** A ref's commit: a loose ref file, else the packed-refs line; a worktree keeps refs in its common dir. */
function resolveRef(dir: string, ref: string): string | null {
  const common = readText(path.join(dir, 'commondir'));
  for (const base of common ? [dir, path.resolve(dir, common)] : [dir]) {
    const loose = readText(path.join(base, ref));
    if (loose) return loose;
    const packed = readText(path.join(base, 'packed-refs'));
    const line = packed?.split('\n').find((entry) => entry.endsWith(` ${ref}`));
    if (line) return line.split(' ')[0] ?? null;
  }
  return null;
}

export function readBuildInfo(root = ROOT): BuildInfo {
  try {
    const dir = gitDir(root);
    const head = dir ? readText(path.join(dir, 'HEAD')) : null;
    if (dir && head) {
      const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
      // A detached HEAD names its commit and no branch.
      if (!ref) return { rev: head, branch: null };
      return { rev: resolveRef(dir, ref), branch: ref.replace(/^refs\/heads\//, '') };
    }
    const written = readText(path.join(root, 'dist', 'build-info.json'));
    if (written) {
      const info = JSON.parse(written) as Partial<BuildInfo>;
      return { rev: info.rev ?? null, branch: info.branch ?? null };
    }
  } catch {
    // A damaged checkout must not stop the server: the fields are informative.
  }
  return { rev: null, branch: null };
}
