import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliLaunch, sourceLaunch } from './cli-launch.js';
import { canPin, pin, pinSelf } from './children.js';
import { CpuMeter, type CpuShare } from './cpu-meter.js';
import { TLS_MODEL, writeGatewayFiles, type BenchFiles } from './config.js';
import { FloorProcess } from './floor-process.js';
import { GatewayProcess, type GatewayLaunch, type Memory } from './gateway-process.js';
import { formatTable, judge, writeResults, type Row } from './report.js';
import { abortsOneByOne } from './scenarios/aborts.js';
import { endpoints, floorEndpoint, type BenchContext } from './scenarios/context.js';
import { abortBurst, holdStreams, HELD_STREAMS } from './scenarios/held-streams.js';
import { httpsUpstream, type TlsUpstream } from './scenarios/https.js';
import { nonStreamingLatency, throughput } from './scenarios/latency.js';
import { chunkGapsOneClient, concurrentStreams, firstByteOneClient } from './scenarios/streaming.js';
import { sleep } from './stats.js';
import { selfSignedCert } from './tls-cert.js';
import { UpstreamProcess } from './upstream-process.js';

// npm run bench:gateway [-- --unpin-gateway | --no-pin] [-- --cpu-prof] [-- --busy] [-- --only=throughput,https]
// Drives the scripted upstream directly, through a minimal node:http proxy (the floor) and
// through the gateway CLI in the same run, and prints each figure beside its baselines. It
// reports; it never fails on a missed target.

const RSS_IDLE_MB = 70;
const RSS_HELD_MB = 200;
const MEMORY = 'Gateway memory: VmRSS of the gateway process';

const flags = new Set(process.argv.slice(2));
/** --only=a,b runs just those steps (latency, ttfb, gaps, streams, throughput, aborts, https, held, source). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (name: string) => !only || only.includes(name);
/** --cpu-prof: node flags that profile a gateway or the floor into bench/results/profiles/, file names starting with `who`. */
let launches = 0;
const profiling = (who: string) =>
  flags.has('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir', join('bench', 'results', 'profiles'), '--cpu-prof-name', `${who}-${Date.now()}-${++launches}.cpuprofile`] : [];
const pinning = !flags.has('--no-pin') && canPin();
// By default the gateway gets CPU 1 to itself, its own helper threads (GC, JIT) included;
// the upstream and this load generator share CPU 0. --unpin-gateway lets the gateway's
// threads use either CPU, as on a machine with idle cores (better tails, muddier capacity).
const GATEWAY_CPU = pinning && !flags.has('--unpin-gateway') ? 1 : undefined;
const OTHERS_CPU = pinning ? 0 : undefined;

// Read before pinning: afterwards this process sees only the CPU it is pinned to.
const machine = {
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  layout: !pinning
    ? 'no pinning: the scheduler places gateway, upstream and load generator'
    : GATEWAY_CPU === undefined
      ? 'upstream and load generator pinned to CPU 0; gateway free to use both CPUs'
      : 'gateway pinned to CPU 1; upstream and load generator pinned to CPU 0',
};

const cpu = new CpuMeter();
const laps: ({ step: string } & CpuShare)[] = [];
/** Above this, a step's figures are flagged: something else was using the CPU meanwhile. */
const FOREIGN_CORES_WARNING = 0.1;

const QUIET_WAIT_MS = 10_000;
/** --busy: a machine known to be shared; neither wait for a quiet second nor run a disturbed step again (it is still flagged). */
const attempts = flags.has('--busy') ? 1 : 2;

/** Waits (bounded) for a second in which other processes leave the CPUs alone. */
async function waitForQuiet(): Promise<void> {
  for (const until = Date.now() + QUIET_WAIT_MS; Date.now() < until; ) {
    cpu.lap();
    await sleep(1_000);
    const share = cpu.lap();
    if (!share || share.foreignCores + share.stealCores <= FOREIGN_CORES_WARNING) return;
  }
}

/**
 * Runs one scenario once the machine is quiet; when other processes still took CPU
 * meanwhile, runs it once more, and notes on its first row if that one was disturbed too.
 */
async function step(name: string, run: () => Promise<Row[]>): Promise<Row[]> {
  let rows: Row[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempts > 1) await waitForQuiet();
    process.stderr.write(`  ${name}${attempt > 1 ? ' (again: the machine was busy)' : ''}…\n`);
    cpu.lap();
    rows = await run();
    const share = cpu.lap();
    if (!share) return rows;
    laps.push({ step: name, ...share });
    const other = share.foreignCores + share.stealCores;
    if (other <= FOREIGN_CORES_WARNING || !rows[0]) return rows;
    const note = `other processes used ${other.toFixed(2)} cores during this step: its figures are likely skewed`;
    rows[0] = { ...rows[0], note: rows[0].note ? `${rows[0].note}; ${note}` : note };
  }
  return rows;
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

async function main(): Promise<void> {
  if (OTHERS_CPU !== undefined) pinSelf(OTHERS_CPU);
  const dir = mkdtempSync(join(tmpdir(), 'agentmesh-bench-'));
  // Also on Ctrl-C, which skips the finally below.
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const cert = selfSignedCert(dir);
  const upstream = await UpstreamProcess.start(OTHERS_CPU);
  const tlsUpstream = await UpstreamProcess.start(OTHERS_CPU, cert);
  const files = writeGatewayFiles(dir, upstream.url, tlsUpstream.url);
  const tls: TlsUpstream = { upstream: tlsUpstream, direct: { name: 'direct', origin: tlsUpstream.url, headers: { 'content-type': 'application/json' }, ca: cert.cert }, model: TLS_MODEL };
  const raw: Record<string, unknown> = {};
  const cli = (): GatewayLaunch =>
    cliLaunch({
      cpu: GATEWAY_CPU,
      nodeArgs: profiling('gateway'),
      // How a user trusts a private CA: no config key, the gateway's node reads it at start.
      env: { NODE_EXTRA_CA_CERTS: cert.certFile },
    });
  let rows: Row[];
  try {
    // Started first, so that it has long been idle when its memory is read: V8 gives back
    // what start-up grew (its memory reducer runs some 20 to 30 s after the last full GC).
    // Meanwhile it waits on the load generator's CPU, out of the measured gateway's way.
    const launch = cli();
    const idleGateway = wanted('held') ? await GatewayProcess.start({ ...launch, cpu: GATEWAY_CPU === undefined ? undefined : OTHERS_CPU }, { ...files, dataDir: join(dir, 'data-held') }) : undefined;
    const timing = await timingRun(upstream, tls, cli(), files, raw);
    const held = idleGateway ? await heldRun(upstream, idleGateway, launch.label, files, raw, timing.floorIdle) : { rows: [], memory: [] };
    const source = wanted('source') ? await sourceRun(upstream, files, raw) : [];
    rows = [...timing.rows, ...held.rows, ...held.memory, ...source, ...timing.memory];
  } finally {
    await Promise.all([upstream.stop(), tlsUpstream.stop()]);
  }
  report(rows, raw);
}

/** Latency, streaming, throughput, single aborts and the HTTPS upstream against one gateway process, and the floor. */
async function timingRun(upstream: UpstreamProcess, tls: TlsUpstream, launch: GatewayLaunch, files: BenchFiles, raw: Record<string, unknown>) {
  const floorProcess = await FloorProcess.start(upstream.url, GATEWAY_CPU, profiling('floor'));
  const gateway = await GatewayProcess.start(launch, files);
  try {
    const [floorIdle, startup] = await Promise.all([settledMemory(floorProcess), settledMemory(gateway)]);
    raw.memoryAtStart = startup;
    const ctx: BenchContext = { upstream, gateway, ...endpoints(upstream.url, gateway, files.token), floor: floorEndpoint(floorProcess), raw };
    const steps: [string, string, () => Promise<Row[]>][] = [
      ['latency', 'non-streaming latency', () => nonStreamingLatency(ctx)],
      ['ttfb', 'streaming TTFB, 1 client', () => firstByteOneClient(ctx)],
      ['gaps', 'streaming chunk gaps, 1 client', () => chunkGapsOneClient(ctx)],
      ['streams', 'streaming, 100 clients', () => concurrentStreams(ctx)],
      ['throughput', 'throughput', () => throughput(ctx)],
      ['aborts', 'aborts, one at a time', () => abortsOneByOne(ctx)],
      ['https', 'HTTPS upstream', () => httpsUpstream(ctx, tls)],
    ];
    const rows: Row[] = [];
    for (const [key, name, run] of steps) if (wanted(key)) rows.push(...(await step(name, run)));
    const after = await settledMemory(gateway);
    raw.memoryAfterLoad = after;
    const memory: Row[] = [
      { section: MEMORY, metric: `RSS ${SETTLE_MS / 1000} s after start, before V8 gives back start-up memory (${launch.label})`, unit: 'MB', floor: floorIdle.rssMb, gateway: startup.rssMb },
      { section: MEMORY, metric: `RSS idle after the timing scenarios above (${launch.label})`, unit: 'MB', gateway: after.rssMb },
      { section: MEMORY, metric: `RSS peak during them, VmHWM (${launch.label})`, unit: 'MB', gateway: after.hwmMb },
    ];
    return { rows, memory, floorIdle };
  } finally {
    await Promise.all([gateway.stop(), floorProcess.stop()]);
  }
}

/** A gateway that has served nothing: its settled idle RSS, RSS with the held streams, then the abort burst. */
async function heldRun(upstream: UpstreamProcess, gateway: GatewayProcess, label: string, files: BenchFiles, raw: Record<string, unknown>, floorIdle: Memory) {
  try {
    await sleep(Math.max(0, gateway.listeningAt + IDLE_SETTLE_MS - performance.now()));
    const idle = gateway.memory();
    if (GATEWAY_CPU !== undefined) pin(gateway.pid, GATEWAY_CPU);
    const ctx: BenchContext = { upstream, gateway, ...endpoints(upstream.url, gateway, files.token), raw };
    let peak: Memory | undefined;
    const rows = await step(`${HELD_STREAMS} open streams and the abort burst, ${label}`, async () => {
      const burst = await abortBurst(ctx);
      peak = burst.peak;
      return burst.rows;
    });
    raw.memoryCli = { label, idle, held: peak };
    return { rows, memory: memoryRows(label, idle, peak, true, floorIdle) };
  } finally {
    await gateway.stop();
  }
}

/** For comparison, the sources through tsx's loader (what bin/agentmesh.mjs runs without a build): memory only. */
async function sourceRun(upstream: UpstreamProcess, files: BenchFiles, raw: Record<string, unknown>): Promise<Row[]> {
  const launch = sourceLaunch({ cpu: GATEWAY_CPU });
  process.stderr.write(`  ${HELD_STREAMS} open streams, ${launch.label}…\n`);
  const gateway = await GatewayProcess.start(launch, files);
  try {
    const idle = await settledMemory(gateway);
    const { via } = endpoints(upstream.url, gateway, files.token);
    const held = await holdStreams(via, upstream, HELD_STREAMS, gateway);
    raw.memorySource = { label: launch.label, idle, held: held.peak };
    return memoryRows(launch.label, idle, held.peak, false);
  } finally {
    await gateway.stop();
  }
}

/** The targets apply to the gateway as shipped; the unbuilt development path is shown beside it. */
function memoryRows(label: string, idle: Memory | undefined, held: Memory | undefined, judged: boolean, floorIdle?: Memory): Row[] {
  return [
    {
      section: MEMORY,
      metric: judged ? `RSS idle, settled, having served nothing (${label})` : `RSS ${SETTLE_MS / 1000} s after start (${label})`,
      unit: 'MB',
      gateway: idle?.rssMb ?? NaN,
      ...(floorIdle ? { floor: floorIdle.rssMb } : {}),
      ...(judged ? { goal: { of: 'gateway', atMost: RSS_IDLE_MB } } : {}),
    },
    { section: MEMORY, metric: `RSS with ${HELD_STREAMS} open streams (${label})`, unit: 'MB', gateway: held?.rssMb ?? NaN, ...(judged ? { goal: { of: 'gateway', atMost: RSS_HELD_MB } } : {}) },
  ];
}

const SETTLE_MS = 1_500;
/** How long after start a gateway counts as idle: V8's memory reducer has run by then. */
const IDLE_SETTLE_MS = 40_000;

/** Lets start-up (or the last burst) settle before reading RSS. */
async function settledMemory(target: { memory(): Memory }): Promise<Memory> {
  await sleep(SETTLE_MS);
  return target.memory();
}

function report(rows: Row[], raw: Record<string, unknown>): void {
  const verdicts = rows.map(judge);
  const total = cpu.total();
  const header = [
    `AgentMesh gateway bench: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}`,
    machine.layout,
    total
      ? `other processes on the machine used ${total.foreignCores.toFixed(2)} cores on average during the run (steal ${total.stealCores.toFixed(2)})`
      : 'CPU used by other processes: unknown (no /proc)',
  ].join('\n');
  process.stdout.write(`\n${header}\n\n${formatTable(verdicts)}\n\n`);
  const failed = verdicts.filter((row) => row.result === 'FAIL').length;
  const judged = verdicts.filter((row) => row.result).length;
  const file = writeResults({ date: new Date().toISOString(), machine, interference: { total, steps: laps }, rows: verdicts, raw });
  process.stdout.write(`${judged - failed}/${judged} targets met. JSON: ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
