import type { Reply } from '../../electron/gateway/testing/upstream-types.js';
import { CHAT_PATH, chatBody, Client, type Endpoint } from '../client.js';
import type { Row } from '../report.js';
import { sleep, summarize } from '../stats.js';
import type { UpstreamProcess } from '../upstream-process.js';
import { bySide, sidesOf, type BenchContext } from './context.js';

// How long after a client aborts does the upstream see its request's socket close? Both
// ends are timestamped with epochMs(), the abort in this process and the close in the
// upstream's, which compare across processes on one machine.

const body = chatBody(true);
/** Long enough (2 s) that every abort lands mid-stream. */
const LONG: Reply = { fault: 'slow', text: 'x '.repeat(100), chunkDelayMs: 20, chunks: 100 };
const ONE_BY_ONE = 30;

export async function abortsOneByOne(ctx: BenchContext): Promise<Row[]> {
  await ctx.upstream.setReply(LONG);
  const sides = sidesOf(ctx);
  const results = [];
  for (const side of sides) results.push(await abortEach(side, ctx.upstream));
  const [direct, floor, gateway] = bySide(sides, results);
  const [d, f, g] = [direct, floor, gateway].map((result) => result && summarize(result.delays));
  ctx.raw.abortsOneByOne = { direct: { ...d, missing: direct.missing }, floor: floor && { ...f, missing: floor.missing }, gateway: { ...g, missing: gateway.missing } };
  const section = `Client abort → upstream sees its socket close, ${ONE_BY_ONE} streams aborted one at a time mid-stream`;
  const note = direct.missing + gateway.missing ? `${gateway.missing} gateway / ${direct.missing} direct aborts never reached the upstream within 1 s` : undefined;
  return [
    { section, metric: 'close delay p50', unit: 'ms', direct: d!.p50, floor: f?.p50, gateway: g!.p50, compare: 'diff' },
    { section, metric: 'close delay max', unit: 'ms', direct: d!.max, floor: f?.max, gateway: gateway.missing ? Infinity : g!.max, compare: 'diff', goal: { of: 'gateway', atMost: 100 }, note },
  ];
}

async function abortEach(endpoint: Endpoint, upstream: UpstreamProcess): Promise<{ delays: number[]; missing: number }> {
  const client = new Client(endpoint, 1);
  const delays: number[] = [];
  let missing = 0;
  try {
    await sleep(100);
    upstream.takeAborts();
    for (let i = 0; i < ONE_BY_ONE; i++) {
      const stream = client.open(CHAT_PATH, body, 3);
      await stream.ready;
      // Land at different points between two deltas.
      await sleep(i % 4 * 5);
      const at = stream.abort();
      const [closedAt] = await upstream.waitForAborts(1, 1_000);
      if (closedAt === undefined) missing++;
      else delays.push(closedAt - at);
      await stream.finished;
    }
  } finally {
    await client.close();
  }
  return { delays, missing };
}

/** Pairs abort and close times in order: with many aborted at once, which close is whose is not known. */
export function pairDelays(abortedAt: number[], closedAt: number[]): number[] {
  const aborts = [...abortedAt].sort((a, b) => a - b);
  const closes = [...closedAt].sort((a, b) => a - b);
  return closes.slice(0, aborts.length).map((closed, i) => closed - aborts[i]!);
}
