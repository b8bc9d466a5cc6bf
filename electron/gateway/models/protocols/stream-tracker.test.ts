import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../canonical.js';
import { parseSse, type SseEvent } from '../sse.js';
import { protocolForProvider } from './index.js';
import { STREAM_TRUNCATED } from './stream-tracker.js';
import type { WireProtocol } from './types.js';

// The pass-through tracker must judge a stream exactly as the translating decoder does:
// complete, truncated or failed. Every recorded stream of every protocol is a case.

const dirs: Record<string, WireProtocol> = {
  chat: protocolForProvider['openai-chat'],
  messages: protocolForProvider.anthropic,
  responses: protocolForProvider['openai-responses'],
};

async function eventsOf(dir: string, file: string): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(each([readFileSync(new URL(`./${dir}/__fixtures__/${file}`, import.meta.url))]))) events.push(event);
  return events;
}

async function* each<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

type Verdict = 'complete' | 'truncated' | 'failed';

async function decoderVerdict(protocol: WireProtocol, events: SseEvent[]): Promise<Verdict> {
  let last: StreamEvent | undefined;
  for await (const event of protocol.decodeStream(each(events))) last = event;
  if (last?.type !== 'error') return 'complete';
  return last.code === STREAM_TRUNCATED ? 'truncated' : 'failed';
}

function trackerVerdict(protocol: WireProtocol, events: SseEvent[]): Verdict {
  const tracker = protocol.trackStream();
  let failed = false;
  for (const event of events) if (tracker.see(event)?.error) failed = true;
  return failed ? 'failed' : tracker.ended ? 'complete' : 'truncated';
}

const cases = Object.keys(dirs).flatMap((dir) =>
  readdirSync(new URL(`./${dir}/__fixtures__/`, import.meta.url))
    .filter((file) => file.endsWith('.chunks.txt'))
    .map((file) => [dir, file] as const),
);

describe('pass-through stream trackers', () => {
  it.each(cases)('%s/%s: the tracker and the decoder agree', async (dir, file) => {
    const protocol = dirs[dir]!;
    const events = await eventsOf(dir, file);
    expect(trackerVerdict(protocol, events)).toBe(await decoderVerdict(protocol, events));
  });

  it('has truncated and failed cases for every protocol', async () => {
    const verdicts = await Promise.all(cases.map(async ([dir, file]) => `${dir}:${await decoderVerdict(dirs[dir]!, await eventsOf(dir, file))}`));
    for (const dir of Object.keys(dirs)) expect(verdicts).toEqual(expect.arrayContaining([`${dir}:truncated`, `${dir}:failed`, `${dir}:complete`]));
  });

  it('sums the usage the stream reports, as the usage sniffers read it', async () => {
    const tracker = dirs.messages!.trackStream();
    const usage = (await eventsOf('messages', 'text.chunks.txt')).map((event) => tracker.see(event)?.usage).filter(Boolean);
    expect(usage.length).toBeGreaterThan(0);
  });

  it('continues a Responses stream it fails: same response, next sequence number', async () => {
    const events = await eventsOf('responses', 'openai-truncated.chunks.txt');
    const tracker = dirs.responses!.trackStream();
    for (const event of events) tracker.see(event);
    const frames = [...parseFrames(tracker.errorFrame('stream_truncated', 'cut'))];
    const created = JSON.parse(events[0]!.data);
    const lastSeq = JSON.parse(events.at(-1)!.data).sequence_number as number;
    expect(frames.map((frame) => frame.sequence_number)).toEqual([lastSeq + 1, lastSeq + 2]);
    expect(frames[1]).toMatchObject({ type: 'response.failed', response: { id: created.response.id, model: created.response.model, status: 'failed' } });
  });
});

function* parseFrames(text: string): Iterable<Record<string, any>> {
  for (const frame of text.trim().split('\n\n')) yield JSON.parse(frame.split('\n').find((line) => line.startsWith('data: '))!.slice(6));
}
