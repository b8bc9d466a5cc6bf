// npm run bench:hub [-- --no-pin] [-- --quick]
// The WebSocket agent hub under 1,000 connected agents: memory and CPU per agent, send →
// deliver latency, routed messages per second on one gateway core, and a task's submit →
// start on a remote agent beside a `command` agent. Loopback only; reports, never fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { stringify } from 'yaml';
import { canPin, pinSelf } from './children.js';
import { cliLaunch } from './cli-launch.js';
import { CpuMeter } from './cpu-meter.js';
import { GatewayProcess } from './gateway-process.js';
import { connectMany, cpuSeconds } from './hub-agents.js';
import { formatTable, judge, type Row } from './report.js';
import { routedThroughput, sendToDeliver, type HubTarget } from './scenarios/hub-messages.js';
import { commandTaskStart, remoteTaskStart } from './scenarios/hub-tasks.js';
import { sleep } from './stats.js';

// --quick: a smoke run of the same scenarios at a tenth of the size (figures not comparable).
const quick = process.argv.includes('--quick');
const AGENTS = quick ? 100 : 1_000;
const HEARTBEAT_MS = 1_000;
const CPU_WINDOW_S = quick ? 2 : 10;
const LATENCY_SAMPLES = quick ? 500 : 5_000;
const THROUGHPUT_PAIRS = 16;
const THROUGHPUT_WINDOW = 64;
const THROUGHPUT_SECONDS = quick ? 1 : 5;
const TASK_SAMPLES = quick ? 10 : 100;

const pin = !process.argv.includes('--no-pin') && canPin();
const machine = { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, pinned: pin ? 'gateway on CPU 1, agents and load on CPU 0' : 'not pinned' };
if (pin) pinSelf(0);

const dir = mkdtempSync(join(tmpdir(), 'agentmesh-bench-hub-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const configPath = join(dir, 'config.yaml');
const token = 'bench-hub-token-0123456789';
const trivialAgent = fileURLToPath(new URL('./trivial-agent.mjs', import.meta.url));
writeFileSync(
  configPath,
  stringify({
    agents: [{ id: 'trivial', adapter: 'command', path: process.execPath, args: [trivialAgent, '{taskId}'], cwd: dir }],
    // Heartbeats every second, a timeout far enough not to drop anyone while the load
    // generator is busy, and no rate limit in the way of the throughput figure.
    hub: { heartbeatInterval: HEARTBEAT_MS / 1_000, heartbeatTimeout: 30, rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } },
  }),
);

const launch = cliLaunch({ cpu: pin ? 1 : undefined });
const gateway = await GatewayProcess.start(launch, { configPath, dataDir, token });
const target: HubTarget = { url: gateway.url, token, pid: gateway.pid };
const dispatcher = new Agent({ connections: 8 });
const meter = new CpuMeter();
const cpuOver = async (seconds: number) => {
  const start = cpuSeconds(gateway.pid);
  const at = performance.now();
  await sleep(seconds * 1_000);
  return (cpuSeconds(gateway.pid) - start) / ((performance.now() - at) / 1_000);
};

try {
  // Load ws and warm the routing path, so the baseline holds what any connected gateway holds.
  const warm = await connectMany(gateway.url, token, ['warm-a', 'warm-b'], 0);
  for (let index = 0; index < 200; index++) warm[0]!.ws.send(JSON.stringify({ type: 'send', to_agent_id: 'warm-b', content: 'warm' }));
  await sleep(1_000);
  warm.forEach((agent) => agent.stop());
  await sleep(2_000);
  const before = gateway.memory();
  const idleCores = await cpuOver(5);

  const started = performance.now();
  const agents = await connectMany(gateway.url, token, Array.from({ length: AGENTS }, (_, index) => `agent-${index}`), HEARTBEAT_MS);
  const connectSeconds = (performance.now() - started) / 1_000;
  await sleep(5_000);
  const after = gateway.memory();
  const heartbeatCores = await cpuOver(CPU_WINDOW_S);
  const quiet = meter.lap();

  const latency = await sendToDeliver(target, 500, LATENCY_SAMPLES);
  const throughput = await routedThroughput(target, THROUGHPUT_PAIRS, THROUGHPUT_WINDOW, THROUGHPUT_SECONDS);
  const remote = await remoteTaskStart(target, dispatcher, 10, TASK_SAMPLES);
  const command = await commandTaskStart(target, dispatcher, 10, TASK_SAMPLES);
  const busy = meter.lap();
  agents.forEach((agent) => agent.stop());

  const perAgentKb = ((after.rssMb - before.rssMb) * 1_024) / AGENTS;
  const heartbeatCpuMs = (heartbeatCores - idleCores) * 1_000;
  const section1 = `${AGENTS} agents, a heartbeat each per ${HEARTBEAT_MS / 1_000} s`;
  const section2 = `messages between two agents, ${AGENTS} connected`;
  const section3 = 'tasks, one at a time: submit → start';
  const rows: Row[] = [
    { section: section1, metric: `connect ${AGENTS} agents (100 at a time)`, unit: 'ms', gateway: connectSeconds * 1_000 },
    { section: section1, metric: 'gateway RSS before → with the agents', unit: 'MB', direct: before.rssMb, gateway: after.rssMb, compare: 'diff' },
    { section: section1, metric: 'RSS added per agent', unit: 'KB', gateway: perAgentKb },
    { section: section1, metric: `gateway CPU per second of heartbeats (${AGENTS}/s)`, unit: 'ms', gateway: heartbeatCpuMs, note: `idle gateway ${(idleCores * 1_000).toFixed(1)} ms/s; with heartbeats ${(heartbeatCores * 1_000).toFixed(1)} ms/s` },
    { section: section2, metric: 'send → deliver p50', unit: 'ms', gateway: latency.p50 },
    { section: section2, metric: 'send → deliver p99', unit: 'ms', gateway: latency.p99, goal: { of: 'gateway', atMost: 5 } },
    { section: section2, metric: 'send → deliver max', unit: 'ms', gateway: latency.max },
    { section: section2, metric: `routed messages/s (${THROUGHPUT_PAIRS} pairs, ${THROUGHPUT_WINDOW} in flight each)`, unit: 'req/s', gateway: throughput.perSecond, note: `gateway used ${throughput.gatewayCores.toFixed(2)} cores; errors ${throughput.errors}` },
    { section: section2, metric: 'routed messages per second of one gateway core', unit: 'req/s', gateway: throughput.perGatewayCore, goal: { of: 'gateway', atLeast: 10_000 } },
    { section: section3, metric: 'remote agent p50 (direct: command agent)', unit: 'ms', direct: command.p50, gateway: remote.p50, compare: 'diff' },
    { section: section3, metric: 'remote agent p99 (direct: command agent)', unit: 'ms', direct: command.p99, gateway: remote.p99, compare: 'diff' },
  ];
  process.stdout.write(`${launch.label}; ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.pinned}\n`);
  process.stdout.write(`other processes used ${quiet?.foreignCores.toFixed(2) ?? '?'} cores while agents connected, ${busy?.foreignCores.toFixed(2) ?? '?'} during the message and task runs\n`);
  process.stdout.write(`${formatTable(rows.map(judge))}\n`);
  process.stdout.write(`samples: latency ${latency.n}, remote tasks ${remote.n}, command tasks ${command.n}\n`);
} finally {
  await dispatcher.close();
  await gateway.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
