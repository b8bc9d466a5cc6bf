// npm run bench:services [-- --no-pin] [-- --quick]
// The agent services WebSocket proxy: latency it adds per message (p50/p99) against the same
// echo service reached directly, messages/s through it, failover time from SIGKILL of an
// instance to the client's `service_switched`, and gateway RSS per 1,000 proxied connections.
// Loopback only; reports, never fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { stringify } from 'yaml';
import { canPin, pinSelf } from './children.js';
import { cliLaunch } from './cli-launch.js';
import { CpuMeter } from './cpu-meter.js';
import { GatewayProcess } from './gateway-process.js';
import { formatTable, judge, type Row } from './report.js';
import { sleep, summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const LATENCY_SAMPLES = quick ? 500 : 5_000;
const THROUGHPUT_SECONDS = quick ? 1 : 5;
const THROUGHPUT_CLIENTS = 8;
const THROUGHPUT_WINDOW = 32;
const CONNECTIONS = quick ? 200 : 1_000;
const FAILOVERS = quick ? 3 : 10;

const pin = !process.argv.includes('--no-pin') && canPin();
// Counted before pinning: a pinned process sees one CPU.
const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}, ${pin ? 'gateway on CPU 1, services and clients on CPU 0' : 'not pinned'}`;
if (pin) pinSelf(0);

const dir = mkdtempSync(join(tmpdir(), 'agentmesh-bench-services-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const configPath = join(dir, 'config.yaml');
const token = 'bench-services-token-0123456789';
const echo = fileURLToPath(new URL('../electron/gateway/testing/services/echo-service.mjs', import.meta.url));
writeFileSync(configPath, stringify({ detectAgents: false, services: { backoffInitialMs: 50, backoffMaxMs: 200, crashLoopFailures: 1_000, sampleIntervalS: 0 } }));

const launch = cliLaunch({ cpu: pin ? 1 : undefined });
const gateway = await GatewayProcess.start(launch, { configPath, dataDir, token });
const auth = { authorization: `Bearer ${token}` };
const v1 = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${gateway.url}/api/v1${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await response.json()) as Record<string, any>;
};
const register = async (name: string, tags: string[], wrap = true) => {
  const answer = await v1('POST', '/services', { name, agent_factory_path: echo, tags, start: true, config: { max_sessions: 100_000, health_check_interval: 60, wrap_messages: wrap } });
  if (!answer.success) throw new Error(JSON.stringify(answer));
  return { id: answer.service_id as string, endpoint: answer.endpoint as string };
};

async function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

/** A proxy client and its `connection_routed`, listened for before the socket opens: it can arrive with the handshake. */
async function openRouted(query: string): Promise<{ ws: WebSocket; routed: string }> {
  const ws = new WebSocket(proxyUrl(query), { headers: auth, perMessageDeflate: false });
  const routed = nextMessage(ws, (text) => text.includes('connection_routed') || text.includes('"error"'));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, routed: await routed };
}
const proxyUrl = (query: string) => `${gateway.url.replace('http', 'ws')}/ws?${query}`;
const nextMessage = (ws: WebSocket, test: (text: string) => boolean = () => true) =>
  new Promise<string>((resolve) => {
    const on = (data: Buffer) => {
      const text = String(data);
      if (!test(text)) return;
      ws.off('message', on);
      resolve(text);
    };
    ws.on('message', on);
  });

const message = { ask: 'forecast', city: 'Paris', days: 3 };
const plain = JSON.stringify(message);
/** What the service receives from the proxy when wrapping: sent directly, the service does the same work. */
const wrappedLike = () =>
  JSON.stringify({ proxy_metadata: { connection_id: '8c1e0c1e-0000-4000-8000-000000000000', session_id: '8c1e0c1e-0000-4000-8000-000000000001', target_service: 'bench-echo', routing_strategy: 'least_connections', timestamp: new Date().toISOString() }, original_message: message });

async function roundTrips(ws: WebSocket, samples: number, payloadOf: () => string = () => plain): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < samples + 200; index++) {
    const started = performance.now();
    const answer = nextMessage(ws);
    ws.send(payloadOf());
    await answer;
    if (index >= 200) times.push(performance.now() - started);
  }
  return times;
}

async function throughput(query: string): Promise<number> {
  const clients = (await Promise.all(Array.from({ length: THROUGHPUT_CLIENTS }, () => openRouted(query)))).map((client) => client.ws);
  let answered = 0;
  let running = true;
  const payload = JSON.stringify({ ask: 'forecast' });
  for (const ws of clients) {
    ws.on('message', () => {
      answered++;
      if (running) ws.send(payload);
    });
    for (let index = 0; index < THROUGHPUT_WINDOW; index++) ws.send(payload);
  }
  await sleep(500);
  const from = answered;
  const started = performance.now();
  await sleep(THROUGHPUT_SECONDS * 1_000);
  const perSecond = (answered - from) / ((performance.now() - started) / 1_000);
  running = false;
  clients.forEach((ws) => ws.terminate());
  return perSecond;
}

async function failover(): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < FAILOVERS; round++) {
    const client = await openRouted('tag=failover');
    const ws = client.ws;
    const routed = JSON.parse(client.routed) as { data: { target_service: string } };
    const detail = await v1('GET', `/services/${routed.data.target_service}`);
    // A crash loop or a missed failover ends the bench with its error, not a hang.
    const switched = nextMessage(ws, (text) => text.includes('service_switched') || text.includes('"error"')).then((text) => {
      if (!text.includes('service_switched')) throw new Error(`failover failed: ${text}`);
    });
    const killed = performance.now();
    process.kill(detail.supervision.pid as number, 'SIGKILL');
    await switched;
    times.push(performance.now() - killed);
    ws.terminate();
    // Let auto-restart bring the killed one back before the next round.
    for (let wait = 0; wait < 100 && (await v1('GET', `/services/${routed.data.target_service}`)).status !== 'running'; wait++) await sleep(50);
  }
  return times;
}

const meter = new CpuMeter();
try {
  const wrapped = await register('bench-echo', ['bench']);
  await register('bench-raw', ['raw'], false);
  await register('failover-a', ['failover']);
  await register('failover-b', ['failover']);

  const direct = await open(`${wrapped.endpoint}/`);
  const proxied = (await openRouted('service=bench-echo')).ws;
  const raw = (await openRouted('service=bench-raw')).ws;
  // Interleaved rounds, so drift in the machine's load hits both sides alike.
  const directTimes: number[] = [];
  const directWrappedTimes: number[] = [];
  const proxyTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let round = 0; round < 4; round++) {
    directTimes.push(...(await roundTrips(direct, LATENCY_SAMPLES / 4)));
    rawTimes.push(...(await roundTrips(raw, LATENCY_SAMPLES / 4)));
    directWrappedTimes.push(...(await roundTrips(direct, LATENCY_SAMPLES / 4, wrappedLike)));
    proxyTimes.push(...(await roundTrips(proxied, LATENCY_SAMPLES / 4)));
  }
  [direct, proxied, raw].forEach((ws) => ws.terminate());
  const d = summarize(directTimes);
  const dw = summarize(directWrappedTimes);
  const p = summarize(proxyTimes);
  const r = summarize(rawTimes);
  const perSecond = await throughput('service=bench-echo');
  const failovers = summarize(await failover());
  const busy = meter.lap();

  await sleep(1_000);
  const before = gateway.memory();
  const many: WebSocket[] = [];
  for (let index = 0; index < CONNECTIONS; index += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, CONNECTIONS - index) }, () => openRouted('tag=bench').then((client) => client.ws)));
    many.push(...batch);
  }
  await sleep(3_000);
  const after = gateway.memory();
  many.forEach((ws) => ws.terminate());

  const s1 = 'one client, one message in flight (echo service)';
  const s2 = 'through the proxy';
  const rows: Row[] = [
    { section: s1, metric: 'round trip p50, as sent (wrap_messages off)', unit: 'ms', direct: d.p50, gateway: r.p50, compare: 'diff' },
    { section: s1, metric: 'round trip p99, as sent (wrap_messages off)', unit: 'ms', direct: d.p99, gateway: r.p99, compare: 'diff', goal: { of: 'added', atMost: 2 } },
    { section: s1, metric: 'round trip p50, wrapped (direct: the wrapped message)', unit: 'ms', direct: dw.p50, gateway: p.p50, compare: 'diff' },
    { section: s1, metric: 'round trip p99, wrapped (direct: the wrapped message)', unit: 'ms', direct: dw.p99, gateway: p.p99, compare: 'diff', goal: { of: 'added', atMost: 2 } },
    { section: s2, metric: `messages/s (${THROUGHPUT_CLIENTS} clients, ${THROUGHPUT_WINDOW} in flight each)`, unit: 'req/s', gateway: perSecond },
    { section: s2, metric: 'failover: SIGKILL → service_switched p50', unit: 'ms', gateway: failovers.p50 },
    { section: s2, metric: 'failover: SIGKILL → service_switched max', unit: 'ms', gateway: failovers.max, goal: { of: 'gateway', atMost: 1_000 } },
    { section: s2, metric: `gateway RSS before → with ${CONNECTIONS} proxied connections`, unit: 'MB', direct: before.rssMb, gateway: after.rssMb, compare: 'diff' },
    { section: s2, metric: 'RSS per 1,000 proxied connections', unit: 'MB', gateway: ((after.rssMb - before.rssMb) * 1_000) / CONNECTIONS },
  ];
  process.stdout.write(`${launch.label}; ${machine}\n`);
  process.stdout.write(`other processes used ${busy?.foreignCores.toFixed(2) ?? '?'} cores during the latency, throughput and failover runs\n`);
  process.stdout.write(`${formatTable(rows.map(judge))}\n`);
  process.stdout.write(`samples: latency ${p.n} per side, failovers ${failovers.n}\n`);
} finally {
  await gateway.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
