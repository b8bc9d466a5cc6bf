import type { Reply } from '../../electron/gateway/testing/upstream-types.js';
import { CHAT_PATH, chatBody, Client, type Endpoint } from '../client.js';
import type { GatewayProcess, Memory } from '../gateway-process.js';
import type { Row } from '../report.js';
import { sleep, summarize } from '../stats.js';
import type { UpstreamProcess } from '../upstream-process.js';
import { pairDelays } from './aborts.js';
import type { BenchContext } from './context.js';

export const HELD_STREAMS = 500;
const WARM_UP_STREAMS = 100;
/** 10 s streams, a delta every 100 ms: they are all still open while the RSS is sampled. */
const HELD: Reply = { fault: 'slow', text: 'y '.repeat(100), chunkDelayMs: 100, chunks: 100 };
const body = chatBody(true);

export interface Held {
  /** Highest RSS sampled while every stream was open. */
  peak?: Memory;
  /** Per stream, upstream close − client abort, after aborting all at once. */
  abortDelays: number[];
  missing: number;
}

/** Opens `count` streams, samples memory while they flow, then aborts them all in one go. */
export async function holdStreams(endpoint: Endpoint, upstream: UpstreamProcess, count: number, gateway?: GatewayProcess): Promise<Held> {
  await upstream.setReply(HELD);
  const client = new Client(endpoint, count);
  try {
    const streams = Array.from({ length: count }, () => client.open(CHAT_PATH, body, 1));
    await withTimeout(Promise.all(streams.map((stream) => stream.ready)), 20_000, `${count} streams did not all start`);
    let peak: Memory | undefined;
    for (let i = 0; gateway && i < 15; i++) {
      const memory = gateway.memory();
      if (!peak || memory.rssMb > peak.rssMb) peak = memory;
      await sleep(100);
    }
    upstream.takeAborts();
    const abortedAt = streams.map((stream) => stream.abort());
    const closedAt = await upstream.waitForAborts(count, 5_000);
    await Promise.allSettled(streams.map((stream) => stream.finished));
    return { peak, abortDelays: pairDelays(abortedAt, closedAt), missing: count - closedAt.length };
  } finally {
    await client.close();
  }
}

/** The abort burst, direct and through the gateway; the gateway's held-stream memory comes along. */
export async function abortBurst(ctx: BenchContext): Promise<{ rows: Row[]; peak?: Memory }> {
  // A smaller burst first, so that the measured one meets warm (JIT-compiled) abort paths,
  // as in a gateway that has been running for a while.
  await holdStreams(ctx.direct, ctx.upstream, WARM_UP_STREAMS);
  await holdStreams(ctx.via, ctx.upstream, WARM_UP_STREAMS);
  const direct = await holdStreams(ctx.direct, ctx.upstream, HELD_STREAMS);
  const gateway = await holdStreams(ctx.via, ctx.upstream, HELD_STREAMS, ctx.gateway);
  const d = summarize(direct.abortDelays);
  const g = summarize(gateway.abortDelays);
  ctx.raw.abortBurst = { direct: { ...d, missing: direct.missing }, gateway: { ...g, missing: gateway.missing } };
  const section = `Client abort → upstream sees its socket close, ${HELD_STREAMS} open streams aborted at once`;
  const missing = direct.missing + gateway.missing;
  const rows: Row[] = [
    { section, metric: 'close delay p50', unit: 'ms', direct: d.p50, gateway: g.p50, compare: 'diff' },
    {
      section,
      metric: 'close delay max',
      unit: 'ms',
      direct: d.max,
      gateway: gateway.missing ? Infinity : g.max,
      compare: 'diff',
      goal: { of: 'gateway', atMost: 100 },
      note: missing ? `${gateway.missing} gateway / ${direct.missing} direct aborts never reached the upstream within 5 s` : undefined,
    },
  ];
  return { rows, peak: gateway.peak };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
