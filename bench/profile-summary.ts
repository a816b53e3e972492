/**
 * Summarises a V8 `.cpuprofile` (from `npm run bench -- --profile`): self time by function and by package,
 * so the closing notes can say where the time went.   node --import tsx bench/profile-summary.ts <file>
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
for (const [id, micros] of selfTime) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  total += micros;
  const where = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.includes('/src/') ? 'loop src/' : where.startsWith('node:') ? 'node core' : frame.functionName.startsWith('(') ? frame.functionName : 'other');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
  const name = `${frame.functionName || '(anonymous)'} ${where.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
}
const top = (map: Map<string, number>, n: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`).join('\n');
console.log(`total sampled: ${(total / 1e6).toFixed(1)} s\n\nby package:\n${top(byPackage, 15)}\n\nby function (self):\n${top(byFunction, 25)}`);
