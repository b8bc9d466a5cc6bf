import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical.js';
import { parseSse } from '../../sse.js';
import { decodeStream } from './decode-stream.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));

// Network reads split anywhere, inside UTF-8 sequences too.
async function* bytes(data: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function decode(name: string, size = 7): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of decodeStream(parseSse(bytes(fixture(name), size)))) events.push(event);
  return events;
}

describe('messages decodeStream', () => {
  it('decodes a text stream', async () => {
    const events = await decode('text');
    expect(events).toEqual([
      { type: 'start', id: 'msg_01XFDUDYJgAACzvnptvVoYEL', model: 'claude-sonnet-4-5-20250929' },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 1, cachedTokens: 0 } },
      { type: 'text_delta', text: 'Hello' },
      { type: 'text_delta', text: ', wörld! 👋' },
      { type: 'finish', stopReason: 'end', usage: { inputTokens: 25, outputTokens: 15, cachedTokens: 0 } },
    ]);
    // Chunking must not matter.
    expect(await decode('text', 1)).toEqual(events);
  });

  it('maps tool_use blocks to dense tool call indexes and counts cache reads and writes as input', async () => {
    const events = await decode('tool-use');
    expect(events).toEqual([
      { type: 'start', id: 'msg_014p7gG3wDgGV9EUtLvnow3U', model: 'claude-sonnet-4-5-20250929' },
      { type: 'usage', usage: { inputTokens: 472 + 100 + 13140, outputTokens: 2, cachedTokens: 13140 } },
      { type: 'text_delta', text: 'Let me check both.' },
      { type: 'tool_call_start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'Bash' },
      { type: 'tool_call_delta', index: 0, arguments: '{"command": "ls' },
      { type: 'tool_call_delta', index: 0, arguments: ' -la"}' },
      { type: 'tool_call_start', index: 1, id: 'toolu_01GhKyZFnq3xLKRzU6vHGZwr', name: 'Read' },
      { type: 'tool_call_delta', index: 1, arguments: '{"file_path":"/tmp/a.txt"}' },
      { type: 'finish', stopReason: 'tool_calls', usage: { inputTokens: 13712, outputTokens: 89, cachedTokens: 13140 } },
    ]);
  });

  it('decodes thinking with its signature and reports thinking tokens', async () => {
    const events = await decode('thinking');
    expect(events.filter((event) => event.type === 'reasoning_delta')).toEqual([
      { type: 'reasoning_delta', text: 'The user wants 27 * 453.' },
      { type: 'reasoning_delta', text: '\n27 * 453 = 12231.' },
      { type: 'reasoning_delta', text: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds1Ol' },
    ]);
    expect(events.filter((event) => event.type === 'text_delta')).toEqual([{ type: 'text_delta', text: '27 * 453 = 12,231' }]);
    expect(events.at(-1)).toEqual({ type: 'finish', stopReason: 'max_tokens', usage: { inputTokens: 60, outputTokens: 120, cachedTokens: 0, reasoningTokens: 96 } });
  });

  it('ends with an error event when the upstream reports one', async () => {
    const events = await decode('error');
    expect(events.at(-2)).toEqual({ type: 'text_delta', text: 'Partial' });
    expect(events.at(-1)).toEqual({ type: 'error', message: 'Overloaded', code: 'overloaded_error' });
  });

  it('ends with an error event when the stream stops before message_stop', async () => {
    const events = await decode('truncated');
    expect(events.filter((event) => event.type === 'finish')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'UPSTREAM_STREAM_TRUNCATED' });
  });

  it('ends with an error event on an event that is not JSON', async () => {
    const events: StreamEvent[] = [];
    const broken = Buffer.from('event: message_start\ndata: {"type":"message_start"\n\n');
    for await (const event of decodeStream(parseSse(bytes(broken, 64)))) events.push(event);
    expect(events).toEqual([{ type: 'error', message: 'upstream sent a stream event that is not JSON', code: 'UPSTREAM_BAD_RESPONSE' }]);
  });
});
