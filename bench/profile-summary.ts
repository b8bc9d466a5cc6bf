import { readFileSync } from 'node:fs';

// node bin/run-ts.mjs bench/profile-summary.ts FILE.cpuprofile [top]
// Self time by function and by origin (our code, each package, node internals, GC, idle) of a
// profile written by `npm run bench:gateway -- --cpu-prof`.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// Express and the packages that do its per-request work, summed as one group.
const expressStack = new Set(['express', 'router', 'body-parser', 'raw-body', 'parseurl', 'on-finished', 'type-is', 'media-typer', 'content-type', 'finalhandler', 'path-to-regexp', 'debug', 'depd', 'http-errors', 'qs', 'iconv-lite', 'bytes', 'unpipe', 'ee-first', 'encodeurl', 'escape-html', 'vary', 'send', 'serve-static', 'mime-types', 'statuses', 'setprototypeof', 'merge-descriptors', 'utils-merge']);

function origin(url: string, name: string): string {
  if (name === '(garbage collector)' || name === '(idle)' || name === '(program)') return name;
  if (url === '') return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/bench/')) return 'bench (the floor proxy)';
  return 'agentmesh';
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-summary.ts FILE.cpuprofile [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byFunction = new Map<string, number>();
const byOrigin = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const name = functionName || '(anonymous)';
  const where = url.replace(/^file:\/\/.*?(node_modules\/|electron\/)/, '$1');
  byFunction.set(`${name}  ${where}${where ? `:${lineNumber + 1}` : ''}`, (byFunction.get(`${name}  ${where}${where ? `:${lineNumber + 1}` : ''}`) ?? 0) + us);
  const from = origin(url, name);
  byOrigin.set(from, (byOrigin.get(from) ?? 0) + us);
  total += us;
}
const busy = total - (byOrigin.get('(idle)') ?? 0);
const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
const print = (title: string, entries: Map<string, number>, top: number) => {
  process.stdout.write(`${title} (share of non-idle time, ${(busy / 1e6).toFixed(1)} s)\n`);
  for (const [key, us] of [...entries].filter(([key]) => key !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`  ${share(us)}  ${key}\n`);
  }
};
const byGroup = new Map<string, number>();
for (const [from, us] of byOrigin) {
  const group = expressStack.has(from) ? 'express and its middleware' : from;
  byGroup.set(group, (byGroup.get(group) ?? 0) + us);
}
print('By group', byGroup, 12);
print('By origin', byOrigin, 20);
print('By function', byFunction, Number(topArg ?? 40));
