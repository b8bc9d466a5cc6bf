import type { Reply } from '../../electron/gateway/testing/upstream-types.js';
import { CHAT_PATH, chatBody, Client, MESSAGES_PATH, messagesBody } from '../client.js';
import { closedLoop, sequential } from '../load.js';
import type { Row } from '../report.js';
import { summarize, type Summary } from '../stats.js';
import { words, type BenchContext } from './context.js';

const REPLY: Reply = { text: words(24) };
const BLOCK = 1_000;
const ROUNDS = 8;

/** Sequential calls, direct and through the gateway in alternating blocks so drift hits both alike. */
export async function nonStreamingLatency(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply(REPLY);
  const body = chatBody(false);
  const direct = new Client(ctx.direct, 1);
  const via = new Client(ctx.via, 1);
  try {
    // The gateway gets the longer warm-up: its JIT and heap sizing take a few thousand calls to settle.
    await sequential(direct, BLOCK, CHAT_PATH, body);
    await sequential(via, 3 * BLOCK, CHAT_PATH, body);
    const d: number[] = [];
    const g: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      d.push(...(await sequential(direct, BLOCK, CHAT_PATH, body)));
      g.push(...(await sequential(via, BLOCK, CHAT_PATH, body)));
    }
    const ds = summarize(d);
    const gs = summarize(g);
    ctx.raw.latency = { direct: ds, gateway: gs };
    const section = `Non-streaming chat, 1 client, ${gs.n} sequential requests each (after warm-up)`;
    return [
      { section, metric: 'latency p50', unit: 'ms', direct: ds.p50, gateway: gs.p50, compare: 'diff', goal: { of: 'added', atMost: 0.5 } },
      { section, metric: 'latency p99', unit: 'ms', direct: ds.p99, gateway: gs.p99, compare: 'diff', goal: { of: 'added', atMost: 2 } },
      ...(await translated(ctx, ds, section)),
    ];
  } finally {
    await Promise.all([direct.close(), via.close()]);
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

/** Closed-loop throughput at each concurrency, direct first, then through the gateway. */
export async function throughput(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply(REPLY);
  const body = chatBody(false);
  const section = `Non-streaming chat throughput, closed loop (${MEASURE_MS / 1000} s after ${WARM_MS} ms warm-up)`;
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  for (const concurrency of [10, 64]) {
    const direct = new Client(ctx.direct, concurrency);
    const via = new Client(ctx.via, concurrency);
    try {
      const d = await closedLoop(concurrency, WARM_MS, MEASURE_MS, () => direct.call(CHAT_PATH, body));
      const g = await closedLoop(concurrency, WARM_MS, MEASURE_MS, () => via.call(CHAT_PATH, body));
      raw[`c${concurrency}`] = { direct: d, gateway: g };
      const errors = d.errors + g.errors;
      rows.push({
        section,
        metric: `requests/s, ${concurrency} clients`,
        unit: 'req/s',
        direct: d.requestsPerSecond,
        gateway: g.requestsPerSecond,
        compare: 'ratio',
        goal: { of: 'gateway', atLeast: 3_000 },
        note: errors ? `${errors} errors, first: ${(g.firstError ?? d.firstError ?? '').slice(0, 160)}` : undefined,
      });
    } finally {
      await Promise.all([direct.close(), via.close()]);
    }
  }
  ctx.raw.throughput = raw;
  return rows;
}
