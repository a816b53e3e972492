/**
 * Summarises a V8 `.cpuprofile` (from `npm run bench -- --profile`): self time by function and by package,
 * and inclusive time of Loop's own functions, as shares of the time the thread was busy (idle left out:
 * the server idles while the baseline is measured), so the closing notes can say where the time went.
 *   node --import tsx bench/profile-summary.ts <file>
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function label(frame: ProfileNode['callFrame']): string {
  const where = frame.url.replace(/^file:\/\//, '');
  return `${frame.functionName || '(anonymous)'} ${where.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
}

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
const inclusive = new Map<string, number>();
let busy = 0;
let idle = 0;
for (const [id, micros] of selfTime) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  if (frame.functionName === '(idle)') {
    idle += micros;
    continue;
  }
  busy += micros;
  const where = frame.url.replace(/^file:\/\//, '');
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ??
    (where.includes('/src/')
      ? 'loop src/'
      : where.startsWith('node:')
        ? 'node core'
        : frame.functionName.startsWith('(')
          ? frame.functionName
          : 'other');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
  byFunction.set(label(frame), (byFunction.get(label(frame)) ?? 0) + micros);
  // Inclusive time: every distinct function on the stack (once each, recursion aside) gets the sample.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at);
    if (!node) break;
    const name = label(node.callFrame);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
  }
}
const top = (map: Map<string, number>, n: number, keep: (name: string) => boolean = () => true) =>
  [...map]
    .filter(([name]) => keep(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, micros]) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
const ownCode = (name: string) =>
  / (?:src|auth|http|calls|call-urls|routes|storage|sqlite|redis|push|crypto|observability|registration|providers|builtin)\//.test(
    name,
  ) && !name.includes('node_modules');
console.log(`busy: ${(busy / 1e6).toFixed(1)} s (idle ${(idle / 1e6).toFixed(1)} s); shares below are of busy time\n`);
console.log(
  `by package:\n${top(byPackage, 15)}\n\nby function (self):\n${top(byFunction, 30)}\n\nLoop's functions (inclusive):\n${top(inclusive, 25, ownCode)}`,
);
