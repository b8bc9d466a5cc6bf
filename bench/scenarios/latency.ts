import type { Reply } from '../../electron/gateway/testing/upstream-types.js';
import { CHAT_PATH, chatBody, Client, MESSAGES_PATH, messagesBody } from '../client.js';
import { cpuTimeMs } from '../cpu-meter.js';
import { closedLoop, sequential } from '../load.js';
import type { Row } from '../report.js';
import { summarize, type Summary } from '../stats.js';
import { bySide, sidesOf, words, type BenchContext } from './context.js';

const REPLY: Reply = { text: words(24) };
const BLOCK = 1_000;
const ROUNDS = 8;

/** Sequential calls, direct, through the floor and through the gateway in alternating blocks so drift hits all alike. */
export async function nonStreamingLatency(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply(REPLY);
  const body = chatBody(false);
  const sides = sidesOf(ctx);
  const clients = sides.map((side) => new Client(side, 1));
  try {
    // The gateway gets the longer warm-up: its JIT and heap sizing take a few thousand calls to settle.
    for (const client of clients) await sequential(client, client.endpoint.name === 'gateway' ? 3 * BLOCK : BLOCK, CHAT_PATH, body);
    const samples = clients.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, client] of clients.entries()) samples[i]!.push(...(await sequential(client, BLOCK, CHAT_PATH, body)));
    }
    const [d, f, g] = bySide(sides, samples.map(summarize));
    ctx.raw.latency = { direct: d, floor: f, gateway: g };
    const section = `Non-streaming chat, 1 client, ${g.n} sequential requests each (after warm-up)`;
    return [
      { section, metric: 'latency p50', unit: 'ms', direct: d.p50, floor: f?.p50, gateway: g.p50, compare: 'diff', goal: { of: 'floor', atMost: 1.3 } },
      { section, metric: 'latency p99', unit: 'ms', direct: d.p99, floor: f?.p99, gateway: g.p99, compare: 'diff', goal: { of: 'added', atMost: 1.5 } },
      ...(await translated(ctx, d, section)),
    ];
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

/** Extra: a Messages client on the chat provider, so the gateway decodes, re-encodes and translates back. */
async function translated(ctx: BenchContext, directChat: Summary, section: string): Promise<Row[]> {
  const via = new Client(ctx.via, 1);
  const metric = (p: string) => `latency ${p}, /v1/messages → chat provider (translated)`;
  try {
    const body = messagesBody();
    await sequential(via, BLOCK, MESSAGES_PATH, body);
    const gs = summarize(await sequential(via, 3 * BLOCK, MESSAGES_PATH, body));
    ctx.raw.translatedLatency = { directChat, gateway: gs };
    return [
      { section, metric: metric('p50'), unit: 'ms', direct: directChat.p50, gateway: gs.p50, compare: 'diff' },
      { section, metric: metric('p99'), unit: 'ms', direct: directChat.p99, gateway: gs.p99, compare: 'diff' },
    ];
  } catch (error) {
    const note = `not measured: ${String(error).slice(0, 160)}`;
    return [{ section, metric: metric('p50'), unit: 'ms', direct: directChat.p50, gateway: NaN, compare: 'diff', note }];
  } finally {
    await via.close();
  }
}

const WARM_MS = 500;
const MEASURE_MS = 3_000;

/** Closed-loop throughput at each concurrency: direct, then the floor, then the gateway. */
export async function throughput(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply(REPLY);
  const body = chatBody(false);
  const section = `Non-streaming chat throughput, closed loop (${MEASURE_MS / 1000} s after ${WARM_MS} ms warm-up)`;
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  const sides = sidesOf(ctx);
  for (const concurrency of [10, 64]) {
    const clients = sides.map((side) => new Client(side, concurrency));
    try {
      const results = [];
      const cpu: number[] = [];
      for (const client of clients) {
        const before = client.endpoint.pid ? cpuTimeMs(client.endpoint.pid) : NaN;
        const result = await closedLoop(concurrency, WARM_MS, MEASURE_MS, () => client.call(CHAT_PATH, body));
        results.push(result);
        cpu.push(client.endpoint.pid ? ((cpuTimeMs(client.endpoint.pid) - before) * 1000) / result.total : NaN);
      }
      const [d, f, g] = bySide(sides, results);
      const [, fCpu, gCpu] = bySide(sides, cpu);
      raw[`c${concurrency}`] = { direct: d, floor: f, gateway: g, cpuPerRequestUs: { floor: fCpu, gateway: gCpu } };
      const errors = results.reduce((sum, result) => sum + result.errors, 0);
      rows.push({
        section,
        metric: `requests/s, ${concurrency} clients`,
        unit: 'req/s',
        direct: d.requestsPerSecond,
        floor: f?.requestsPerSecond,
        gateway: g.requestsPerSecond,
        compare: 'ratio',
        goal: { of: 'floor', atLeast: 0.8 },
        note: errors ? `${errors} errors, first: ${(results.find((result) => result.firstError)?.firstError ?? '').slice(0, 160)}` : undefined,
      });
      // Read from /proc at 100 Hz over the whole loop: a few percent of noise, no more.
      rows.push({ section, metric: `CPU per request, ${concurrency} clients (floor and gateway process)`, unit: 'µs', floor: fCpu, gateway: gCpu!, compare: 'ratio' });
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  }
  ctx.raw.throughput = raw;
  return rows;
}
