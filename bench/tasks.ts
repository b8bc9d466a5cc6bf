// npm run bench:tasks — 500 tasks on a `command` agent through the real gateway's API,
// watched by 50 SSE subscribers, beside a baseline that spawns the same agent directly
// with the same concurrency. Loopback only; bounded; stops by itself.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';
import { repoRoot } from './children.js';
import { GatewayProcess } from './gateway-process.js';
import { formatTable, judge, type Row } from './report.js';
import { sleep, summarize } from './stats.js';

const TASKS = 500;
const SUBSCRIBERS = 50;
const CONCURRENCY = 8;
const SUBMITTERS = 32;
const agentScript = fileURLToPath(new URL('./trivial-agent.mjs', import.meta.url));
const epochMs = () => performance.timeOrigin + performance.now();

/** The baseline: the same agent spawned directly, CONCURRENCY at a time. */
async function direct(): Promise<{ perSecond: number; spawnMs: number[] }> {
  const spawnMs: number[] = [];
  let next = 0;
  const started = epochMs();
  const worker = async () => {
    while (next < TASKS) {
      next += 1;
      const asked = epochMs();
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [agentScript, 'direct'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let text = '';
        child.stdout.on('data', (chunk) => (text += chunk));
        child.on('error', reject);
        child.on('close', () => resolve(text));
      });
      spawnMs.push(Number(/spawned ([\d.]+)/.exec(output)?.[1]) - asked);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { perSecond: TASKS / ((epochMs() - started) / 1000), spawnMs };
}

interface Subscriber {
  completed: Set<string>;
  taskEvents: number;
  lagMs: number[];
  close(): void;
}

function subscribe(url: string, token: string, dispatcher: Agent): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    const state: Subscriber = { completed: new Set(), taskEvents: 0, lagMs: [], close: () => controller.abort() };
    request(`${url}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal, dispatcher })
      .then(async ({ body }) => {
        resolve(state);
        let buffer = '';
        try {
          for await (const chunk of body) {
            buffer += chunk.toString();
            let end: number;
            while ((end = buffer.indexOf('\n\n')) !== -1) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = /^data: (.+)$/m.exec(frame)?.[1];
              if (!data) continue;
              // agentmesh 1.x events: unnamed, `{type, …}`, times in epoch ms.
              const event = JSON.parse(data) as { type: string; ts?: number; task_id?: string };
              if (event.type === 'task.event') {
                state.taskEvents += 1;
                state.lagMs.push(Date.now() - event.ts!);
              } else if (event.type === 'task.completed') state.completed.add(event.task_id!);
            }
          }
        } catch {
          // aborted at the end of the run
        }
      })
      .catch(reject);
  });
}

async function throughGateway() {
  const dir = mkdtempSync(join(tmpdir(), 'agentmesh-bench-tasks-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const configPath = join(dir, 'config.yaml');
  const token = 'bench-tasks-token-0123456789';
  writeFileSync(configPath, stringify({ agents: [{ id: 'trivial', adapter: 'command', path: process.execPath, args: [agentScript, '{taskId}'], maxConcurrent: CONCURRENCY, cwd: dir }] }));
  const gateway = await GatewayProcess.start({ label: 'gateway', entry: join(repoRoot, 'bin', 'agentmesh.mjs') }, { configPath, dataDir, token });
  const dispatcher = new Agent({ connections: SUBSCRIBERS + SUBMITTERS + 4 });
  try {
    await sleep(500);
    const idle = gateway.memory();
    const subscribers = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => subscribe(gateway.url, token, dispatcher)));
    const submittedAt = new Map<string, number>();
    let next = 0;
    const started = epochMs();
    const submitter = async () => {
      while (next < TASKS) {
        next += 1;
        const at = epochMs();
        const { body } = await request(`${gateway.url}/tasks`, {
          method: 'POST',
          dispatcher,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'task', source: 'bench', target: 'trivial', payload: { task: `task ${next}` } }),
        });
        submittedAt.set(((await body.json()) as { task_id: string }).task_id, at);
      }
    };
    await Promise.all(Array.from({ length: SUBMITTERS }, submitter));
    const deadline = Date.now() + 120_000;
    while (subscribers.some((s) => s.completed.size < TASKS) && Date.now() < deadline) await sleep(20);
    const elapsedS = (epochMs() - started) / 1000;
    const peak = gateway.memory();
    const spawnMs: number[] = [];
    const slotToSpawnMs: number[] = [];
    for (const [id, at] of submittedAt) {
      const { body } = await request(`${gateway.url}/tasks/${id}/events`, { headers: { authorization: `Bearer ${token}` }, dispatcher });
      const { events } = (await body.json()) as { events: { ts: number; body: { kind: string; text?: string; status?: string } }[] };
      const spawned = events.find((event) => event.body.kind === 'message' && event.body.text?.startsWith('spawned '));
      const assigned = events.find((event) => event.body.kind === 'status' && event.body.status === 'assigned');
      if (!spawned) continue;
      const spawnedAt = Number(spawned.body.text!.slice(8));
      spawnMs.push(spawnedAt - at);
      if (assigned) slotToSpawnMs.push(spawnedAt - assigned.ts);
    }
    subscribers.forEach((s) => s.close());
    const completedEverywhere = Math.min(...subscribers.map((s) => s.completed.size));
    const eventsPerSubscriber = subscribers.map((s) => s.taskEvents);
    return {
      perSecond: TASKS / elapsedS,
      spawnMs,
      slotToSpawnMs,
      lagMs: subscribers.flatMap((s) => s.lagMs),
      lost: TASKS - completedEverywhere,
      uneven: Math.max(...eventsPerSubscriber) - Math.min(...eventsPerSubscriber),
      idle,
      peak,
    };
  } finally {
    await gateway.stop();
    await dispatcher.close();
  }
}

const baseline = await direct();
const run = await throughGateway();
const section = `${TASKS} tasks, command agent (maxConcurrent ${CONCURRENCY}), ${SUBSCRIBERS} SSE subscribers`;
const directSpawn = summarize(baseline.spawnMs);
const gatewaySpawn = summarize(run.spawnMs);
const lag = summarize(run.lagMs);
const slotSpawn = summarize(run.slotToSpawnMs);
const rows: Row[] = [
  { section, metric: 'tasks/s (direct: spawn only)', unit: 'req/s', direct: baseline.perSecond, gateway: run.perSecond, compare: 'ratio' },
  { section, metric: 'submit → spawn p50, queue wait included', unit: 'ms', gateway: gatewaySpawn.p50 },
  { section, metric: 'submit → spawn p99, queue wait included', unit: 'ms', gateway: gatewaySpawn.p99 },
  { section, metric: 'free slot → spawn p50 (direct: spawn() → start)', unit: 'ms', direct: directSpawn.p50, gateway: slotSpawn.p50, compare: 'diff' },
  { section, metric: 'free slot → spawn p99', unit: 'ms', direct: directSpawn.p99, gateway: slotSpawn.p99, compare: 'diff' },
  { section, metric: 'event delivery lag p99 (event time → SSE client)', unit: 'ms', gateway: lag.p99 },
  { section, metric: `completions lost (of ${TASKS} × ${SUBSCRIBERS})`, unit: 'count', gateway: run.lost, goal: { of: 'gateway', atMost: 0 } },
  { section, metric: 'task events differing between subscribers', unit: 'count', gateway: run.uneven, goal: { of: 'gateway', atMost: 0 } },
  { section, metric: 'gateway RSS idle', unit: 'MB', gateway: run.idle.rssMb },
  { section, metric: 'gateway RSS peak during the run', unit: 'MB', gateway: run.peak.hwmMb },
];
process.stdout.write(`${formatTable(rows.map(judge))}\n`);
process.stdout.write(`spawn samples: direct ${directSpawn.n}, gateway ${gatewaySpawn.n}; lag samples ${lag.n}\n`);
process.exit(0);
