import type { Reply } from '../../electron/gateway/testing/upstream-types.js';
import { CHAT_PATH, chatBody, Client, type StreamTiming } from '../client.js';
import { streamLoop } from '../load.js';
import type { Row } from '../report.js';
import { summarize } from '../stats.js';
import { words, type BenchContext } from './context.js';

const body = chatBody(true);

/** Time to first byte of unpaced streams (the whole SSE body in one write), one client. */
export async function firstByteOneClient(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply({ text: words(24) });
  const { direct, gateway } = await alternate(ctx, 4, 400, 200);
  const d = summarize(direct.map((t) => t.ttfb));
  const g = summarize(gateway.map((t) => t.ttfb));
  ctx.raw.ttfbOneClient = { direct: d, gateway: g };
  const section = `Streaming chat, time to first byte, 1 client, ${g.n} sequential streams each`;
  return [
    { section, metric: 'TTFB p50', unit: 'ms', direct: d.p50, gateway: g.p50, compare: 'diff' },
    { section, metric: 'TTFB p99', unit: 'ms', direct: d.p99, gateway: g.p99, compare: 'diff' },
  ];
}

const GAP_MS = 10;

/** Paced streams (a delta every GAP_MS), one client: what the gateway adds between chunks. */
export async function chunkGapsOneClient(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply({ fault: 'slow', text: words(30), chunkDelayMs: GAP_MS, chunks: 30 });
  const { direct, gateway } = await alternate(ctx, 4, 2, 1);
  const d = summarize(direct.flatMap((t) => t.gaps));
  const g = summarize(gateway.flatMap((t) => t.gaps));
  ctx.raw.gapsOneClient = { direct: d, gateway: g };
  const section = `Streaming chat, gap between chunks, 1 client, ${GAP_MS} ms pacing, ${g.n} gaps each`;
  return [
    { section, metric: 'chunk gap p50', unit: 'ms', direct: d.p50, gateway: g.p50, compare: 'diff' },
    { section, metric: 'chunk gap p99', unit: 'ms', direct: d.p99, gateway: g.p99, compare: 'diff' },
  ];
}

const STREAMS = 100;
const PACED: Extract<Reply, { fault: 'slow' }> = { fault: 'slow', text: words(40), chunkDelayMs: 20, chunks: 20 };
const WARM_MS = 800;
const MEASURE_MS = 4_000;

/** 100 clients each streaming back to back (20 deltas, 20 ms apart): TTFB and gaps under load. */
export async function concurrentStreams(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply(PACED);
  const spreadMs = PACED.chunkDelayMs * PACED.chunks;
  const run = async (client: Client) => {
    try {
      return await streamLoop(STREAMS, spreadMs, WARM_MS, MEASURE_MS, () => client.stream(CHAT_PATH, body));
    } finally {
      await client.close();
    }
  };
  const direct = await run(new Client(ctx.direct, STREAMS));
  const gateway = await run(new Client(ctx.via, STREAMS));
  const dt = summarize(direct.ttfb);
  const gt = summarize(gateway.ttfb);
  const dg = summarize(direct.gaps);
  const gg = summarize(gateway.gaps);
  ctx.raw.concurrentStreams = {
    direct: { streams: direct.streams, errors: direct.errors, ttfb: dt, gaps: dg },
    gateway: { streams: gateway.streams, errors: gateway.errors, ttfb: gt, gaps: gg },
  };
  const errors = direct.errors + gateway.errors;
  const section = `Streaming chat, ${STREAMS} concurrent streams (20 deltas 20 ms apart), ${gateway.streams} streams sampled through the gateway`;
  return [
    { section, metric: 'TTFB p50', unit: 'ms', direct: dt.p50, gateway: gt.p50, compare: 'diff' },
    {
      section,
      metric: 'TTFB p99',
      unit: 'ms',
      direct: dt.p99,
      gateway: gt.p99,
      compare: 'diff',
      goal: { of: 'added', atMost: 15 },
      note: errors ? `${errors} stream errors, first: ${(gateway.firstError ?? direct.firstError ?? '').slice(0, 160)}` : undefined,
    },
    { section, metric: 'chunk gap p50', unit: 'ms', direct: dg.p50, gateway: gg.p50, compare: 'diff' },
    { section, metric: 'chunk gap p99', unit: 'ms', direct: dg.p99, gateway: gg.p99, compare: 'diff' },
  ];
}

/** Sequential streams, direct and through the gateway in alternating blocks, after `warm` of each. */
async function alternate(ctx: BenchContext, rounds: number, block: number, warm: number) {
  const direct = new Client(ctx.direct, 1);
  const via = new Client(ctx.via, 1);
  const run = async (client: Client, count: number) => {
    const timings: StreamTiming[] = [];
    for (let i = 0; i < count; i++) timings.push(await client.stream(CHAT_PATH, body));
    return timings;
  };
  try {
    await run(direct, warm);
    await run(via, warm);
    const result = { direct: [] as StreamTiming[], gateway: [] as StreamTiming[] };
    for (let round = 0; round < rounds; round++) {
      result.direct.push(...(await run(direct, block)));
      result.gateway.push(...(await run(via, block)));
    }
    return result;
  } finally {
    await Promise.all([direct.close(), via.close()]);
  }
}
