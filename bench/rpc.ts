// npm run bench:rpc [-- --no-pin] [-- --quick]
// The per-call overhead of JSON-RPC at POST /rpc against the equivalent REST call: task.status
// against GET /tasks/:id for the same task, sequential calls on one kept-alive connection, and
// a batch of ten against ten REST calls. Loopback only; reports, never fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';
import { canPin, pinSelf } from './children.js';
import { cliLaunch } from './cli-launch.js';
import { GatewayProcess } from './gateway-process.js';
import { formatTable, judge, type Row } from './report.js';
import { summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const CALLS = quick ? 500 : 5_000;
const WARMUP = quick ? 100 : 500;
const pin = !process.argv.includes('--no-pin') && canPin();
const machine = { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, pinned: pin ? 'gateway on CPU 1, client on CPU 0' : 'not pinned' };
if (pin) pinSelf(0);

const dir = mkdtempSync(join(tmpdir(), 'agentmesh-bench-rpc-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const configPath = join(dir, 'config.yaml');
const token = 'bench-rpc-token-0123456789';
writeFileSync(configPath, stringify({ agents: [{ id: 'probe', adapter: 'command', path: process.execPath, args: ['-e', 'console.log("ok")'], cwd: dir }], metrics: { sampleIntervalS: 0 } }));

const gateway = await GatewayProcess.start(cliLaunch({ cpu: pin ? 1 : undefined }), { configPath, dataDir, token });
const dispatcher = new Agent({ connections: 1 });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

async function timed(call: () => Promise<void>): Promise<number[]> {
  for (let index = 0; index < WARMUP; index++) await call();
  const samples: number[] = [];
  for (let index = 0; index < CALLS; index++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

const rest = (path: string) => async () => {
  const response = await request(gateway.url + path, { headers, dispatcher });
  if (response.statusCode !== 200) throw new Error(`${path}: HTTP ${response.statusCode}`);
  await response.body.text();
};
const rpc = (method: string, params: unknown) => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
  return async () => {
    const response = await request(`${gateway.url}/rpc`, { method: 'POST', headers, body, dispatcher });
    const text = await response.body.text();
    if (response.statusCode !== 200 || text.includes('"error":{"code"')) throw new Error(`${method}: ${text}`);
  };
};

// One finished task to read.
const submitted = await request(`${gateway.url}/tasks`, { method: 'POST', headers, body: JSON.stringify({ target: 'probe', payload: { task: 'bench' } }), dispatcher });
const { task_id: taskId } = (await submitted.body.json()) as { task_id: string };
for (let tries = 0; tries < 200; tries++) {
  const task = (await (await request(`${gateway.url}/tasks/${taskId}`, { headers, dispatcher })).body.json()) as { status: string };
  if (task.status === 'completed') break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const pairs = [
  { name: 'task.status vs GET /tasks/:id', rest: rest(`/tasks/${taskId}`), rpc: rpc('task.status', { task_id: taskId }) },
];
const rows: Row[] = [];
for (const pair of pairs) {
  // Interleaved rounds, so drift on a shared machine hits both sides alike.
  const restSamples: number[] = [];
  const rpcSamples: number[] = [];
  for (let round = 0; round < 4; round++) {
    restSamples.push(...(await timed(pair.rest)));
    rpcSamples.push(...(await timed(pair.rpc)));
  }
  const [a, b] = [summarize(restSamples), summarize(rpcSamples)];
  rows.push({ section: pair.name, metric: 'p50 per call', unit: 'ms', direct: a.p50, gateway: b.p50, compare: 'diff', goal: { of: 'added', atMost: 0.2 } });
  rows.push({ section: pair.name, metric: 'p99 per call', unit: 'ms', direct: a.p99, gateway: b.p99, compare: 'diff' });
}
// A batch of 10 calls in one POST against 10 REST calls.
const batchBody = JSON.stringify(Array.from({ length: 10 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'task.status', params: { task_id: taskId } })));
const batch = summarize(await timed(async () => {
  const response = await request(`${gateway.url}/rpc`, { method: 'POST', headers, body: batchBody, dispatcher });
  await response.body.text();
}));
const tenRest = summarize(await timed(async () => {
  for (let index = 0; index < 10; index++) await rest(`/tasks/${taskId}`)();
}));
rows.push({ section: '10 × task.status', metric: 'one batch vs 10 REST calls, p50', unit: 'ms', direct: tenRest.p50, gateway: batch.p50, compare: 'ratio' });

await dispatcher.close();
await gateway.stop();
rmSync(dir, { recursive: true, force: true });
const verdicts = rows.map(judge);
const table = formatTable(verdicts);
process.stdout.write(`${table}\n`);
mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench', 'results', 'rpc.json'), JSON.stringify({ machine, calls: CALLS * 4, gateway: gateway.label, rows: verdicts }, null, 2));
process.stdout.write(`\n${JSON.stringify(machine)}\n`);
