import { describe, expect, it } from 'vitest';
import { parseSse, SseLimitError, type SseEvent } from './sse.js';

async function* chunks(parts: (string | Uint8Array)[]): AsyncIterable<string | Uint8Array> {
  yield* parts;
}

async function collect(parts: (string | Uint8Array)[], maxLineBytes?: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(chunks(parts), maxLineBytes === undefined ? {} : { maxLineBytes })) events.push(event);
  return events;
}

/** One `data:` line of `bytes` bytes, cut into 16 KB network reads. */
function oneBigEvent(bytes: number): Buffer[] {
  const payload = Buffer.alloc(bytes + 8, 'a');
  payload.write('data: ', 0);
  payload.write('\n\n', bytes + 6);
  const reads: Buffer[] = [];
  for (let i = 0; i < payload.length; i += 16_384) reads.push(payload.subarray(i, i + 16_384));
  return reads;
}

async function parseMs(reads: Buffer[]): Promise<number> {
  const started = performance.now();
  const events = await collect(reads, 64 * 1024 * 1024);
  const elapsed = performance.now() - started;
  expect(events).toHaveLength(1);
  return elapsed;
}

describe('parseSse', () => {
  it('parses events split anywhere, with CRLF, comments, event names and multi-line data', async () => {
    const text = ': hello\r\nevent: one\r\ndata: a\r\ndata: b\r\n\r\ndata:no-space\n\nid: 7\ndata: {"x":1}\n\n';
    const parts = [...text].map((char) => char);
    expect(await collect(parts)).toEqual([{ event: 'one', data: 'a\nb' }, { event: undefined, data: 'no-space' }, { event: undefined, data: '{"x":1}' }]);
  });

  it('decodes UTF-8 characters cut between reads', async () => {
    const bytes = Buffer.from('data: héllo wörld 🎉\n\n');
    const reads = [...bytes].map((byte) => Uint8Array.of(byte));
    expect(await collect(reads)).toEqual([{ event: undefined, data: 'héllo wörld 🎉' }]);
  });

  it('yields the last event even without a closing blank line', async () => {
    expect(await collect(['data: tail\n'])).toEqual([{ event: undefined, data: 'tail' }]);
  });

  it('parses a 40 MB single-line event in linear time (10x the bytes, not 100x the work)', async () => {
    const small = oneBigEvent(4 * 1024 * 1024);
    const big = oneBigEvent(40 * 1024 * 1024);
    await parseMs(small);
    const smallMs = Math.min(await parseMs(small), await parseMs(small));
    const bigMs = await parseMs(big);
    expect(bigMs / Math.max(smallMs, 1)).toBeLessThan(30);
  }, 120_000);

  it('fails cleanly on a line over the cap, naming the limit, before buffering the rest', async () => {
    const reads = oneBigEvent(100_000);
    let consumed = 0;
    async function* counted() {
      for (const read of reads) {
        consumed += 1;
        yield read;
      }
    }
    const events: SseEvent[] = [];
    const failure = await (async () => {
      for await (const event of parseSse(counted(), { maxLineBytes: 20_000 })) events.push(event);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SseLimitError);
    expect((failure as Error).message).toMatch(/20000-byte limit \(limits\.sseLineBytes\)/);
    expect(consumed).toBeLessThanOrEqual(3);
  });

  it('counts an event of many short data lines against the same cap', async () => {
    const many = Array.from({ length: 100 }, () => `data: ${'b'.repeat(500)}\n`).join('');
    await expect(collect([many + '\n'], 20_000)).rejects.toThrow(/limits\.sseLineBytes/);
  });

  it('passes the events before an over-cap line', async () => {
    const events: SseEvent[] = [];
    const failure = await (async () => {
      for await (const event of parseSse(chunks([`data: first\n\ndata: ${'c'.repeat(5_000)}\n\n`]), { maxLineBytes: 1_000 })) events.push(event);
    })().catch((error: unknown) => error);
    expect(events).toEqual([{ event: undefined, data: 'first' }]);
    expect(failure).toBeInstanceOf(SseLimitError);
  });
});
