import type { Reply } from '../../electron/gateway/testing/upstream-types.js';
import { CHAT_PATH, chatBody, Client, MESSAGES_PATH, messagesBody, type Endpoint, type StreamTiming } from '../client.js';
import { streamLoop, type StreamLoad } from '../load.js';
import type { Row } from '../report.js';
import { summarize } from '../stats.js';
import { bySide, sidesOf, words, type BenchContext } from './context.js';

const body = chatBody(true);

/** Time to first byte of unpaced streams (the whole SSE body in one write), one client. */
export async function firstByteOneClient(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply({ text: words(24) });
  const [direct, floor, gateway] = await alternate(ctx, 4, 400, 200);
  const [d, f, g] = [direct, floor, gateway].map((timings) => timings && summarize(timings.map((t) => t.ttfb)));
  ctx.raw.ttfbOneClient = { direct: d, floor: f, gateway: g };
  const section = `Streaming chat, time to first byte, 1 client, ${g!.n} sequential streams each`;
  return [
    { section, metric: 'TTFB p50', unit: 'ms', direct: d!.p50, floor: f?.p50, gateway: g!.p50, compare: 'diff' },
    { section, metric: 'TTFB p99', unit: 'ms', direct: d!.p99, floor: f?.p99, gateway: g!.p99, compare: 'diff' },
  ];
}

const GAP_MS = 10;

/** Paced streams (a delta every GAP_MS), one client: what the gateway adds between chunks. */
export async function chunkGapsOneClient(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply({ fault: 'slow', text: words(30), chunkDelayMs: GAP_MS, chunks: 30 });
  const [direct, floor, gateway] = await alternate(ctx, 4, 2, 1);
  const [d, f, g] = [direct, floor, gateway].map((timings) => timings && summarize(timings.flatMap((t) => t.gaps)));
  ctx.raw.gapsOneClient = { direct: d, floor: f, gateway: g };
  const section = `Streaming chat, gap between chunks, 1 client, ${GAP_MS} ms pacing, ${g!.n} gaps each`;
  return [
    { section, metric: 'chunk gap p50', unit: 'ms', direct: d!.p50, floor: f?.p50, gateway: g!.p50, compare: 'diff' },
    { section, metric: 'chunk gap p99', unit: 'ms', direct: d!.p99, floor: f?.p99, gateway: g!.p99, compare: 'diff' },
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
  const run = async (endpoint: Endpoint, path = CHAT_PATH, payload = body) => {
    const client = new Client(endpoint, STREAMS);
    try {
      return await streamLoop(STREAMS, spreadMs, WARM_MS, MEASURE_MS, () => client.stream(path, payload));
    } finally {
      await client.close();
    }
  };
  const sides = sidesOf(ctx);
  const loads: StreamLoad[] = [];
  for (const side of sides) loads.push(await run(side));
  const translated = await run(ctx.via, MESSAGES_PATH, messagesBody(true));
  const [direct, floor, gateway] = bySide(sides, loads);
  const [dt, ft, gt, tt] = [direct, floor, gateway, translated].map((load) => load && summarize(load.ttfb));
  const [dg, fg, gg] = [direct, floor, gateway].map((load) => load && summarize(load.gaps));
  const summary = (load: StreamLoad | undefined) => load && { streams: load.streams, errors: load.errors, ttfb: summarize(load.ttfb), gaps: summarize(load.gaps) };
  ctx.raw.concurrentStreams = { direct: summary(direct), floor: summary(floor), gateway: summary(gateway), translated: summary(translated) };
  const errors = [...loads, translated].reduce((sum, load) => sum + load.errors, 0);
  const firstError = [...loads, translated].find((load) => load.firstError)?.firstError ?? '';
  const section = `Streaming chat, ${STREAMS} concurrent streams (20 deltas 20 ms apart), ${gateway.streams} streams sampled through the gateway`;
  return [
    { section, metric: 'TTFB p50', unit: 'ms', direct: dt!.p50, floor: ft?.p50, gateway: gt!.p50, compare: 'diff' },
    {
      section,
      metric: 'TTFB p99',
      unit: 'ms',
      direct: dt!.p99,
      floor: ft?.p99,
      gateway: gt!.p99,
      compare: 'diff',
      goal: { of: 'added', atMost: 15 },
      note: errors ? `${errors} stream errors, first: ${firstError.slice(0, 160)}` : undefined,
    },
    { section, metric: 'chunk gap p50', unit: 'ms', direct: dg!.p50, floor: fg?.p50, gateway: gg!.p50, compare: 'diff' },
    { section, metric: 'chunk gap p99', unit: 'ms', direct: dg!.p99, floor: fg?.p99, gateway: gg!.p99, compare: 'diff' },
    // Its "direct" is the chat pass-through through the gateway, measured just before.
    {
      section,
      metric: 'TTFB p50, /v1/messages → chat (translated); direct = chat pass-through',
      unit: 'ms',
      direct: gt!.p50,
      gateway: tt!.p50,
      compare: 'diff',
      goal: { of: 'added', atMost: 1 },
    },
  ];
}

/** Sequential streams on each side (direct, floor, gateway) in alternating blocks, after `warm` of each. */
async function alternate(ctx: BenchContext, rounds: number, block: number, warm: number) {
  const sides = sidesOf(ctx);
  const clients = sides.map((side) => new Client(side, 1));
  const run = async (client: Client, count: number) => {
    const timings: StreamTiming[] = [];
    for (let i = 0; i < count; i++) timings.push(await client.stream(CHAT_PATH, body));
    return timings;
  };
  try {
    for (const client of clients) await run(client, warm);
    const result = clients.map(() => [] as StreamTiming[]);
    for (let round = 0; round < rounds; round++) {
      for (const [i, client] of clients.entries()) result[i]!.push(...(await run(client, block)));
    }
    return bySide(sides, result);
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}
