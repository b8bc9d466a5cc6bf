import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../canonical.js';
import { parseSse } from '../../sse.js';
import { chatProtocol } from './index.js';
import { sniffUsage } from './usage.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));

// Network reads split frames anywhere; 37-byte slices cut through lines and JSON.
async function* bytes(buffer: Buffer, size = 37): AsyncIterable<Uint8Array> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function decodeFixture(name: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of chatProtocol.decodeStream(parseSse(bytes(fixture(name))))) events.push(event);
  return events;
}

const text = (events: StreamEvent[], type: 'text_delta' | 'reasoning_delta') =>
  events.flatMap((e) => (e.type === type ? [e.text] : [])).join('');

describe('chat decodeStream', () => {
  it('decodes an OpenAI text stream with the usage chunk after finish_reason', async () => {
    const events = await decodeFixture('openai-text');
    expect(events[0]).toEqual({ type: 'start', id: 'chatcmpl-BqX3kTn9Lr2cPz8vQm1sYw4JhEa7D', model: 'gpt-4o-2024-08-06' });
    expect(text(events, 'text_delta')).toBe('Hello! How can I help you today?');
    expect(events.filter((e) => e.type === 'text_delta' && e.text === '')).toHaveLength(0);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'end',
      usage: { inputTokens: 19, outputTokens: 10, cachedTokens: 0, reasoningTokens: 0 },
    });
    expect(events.filter((e) => e.type === 'finish' || e.type === 'error')).toHaveLength(1);
  });

  it('decodes parallel tool calls: start with id and name, then argument fragments', async () => {
    const events = await decodeFixture('openai-tool-calls');
    const calls = events.filter((e) => e.type === 'tool_call_start' || e.type === 'tool_call_delta');
    expect(calls.filter((e) => e.type === 'tool_call_start')).toEqual([
      { type: 'tool_call_start', index: 0, id: 'call_kF3pN8wQ2xR7vT1mZ9cY4bLd', name: 'get_weather' },
      { type: 'tool_call_start', index: 1, id: 'call_Qm7sV2nH5jK9pL3wX8rT6yEc', name: 'get_time' },
    ]);
    const args = (index: number) =>
      calls.flatMap((e) => (e.type === 'tool_call_delta' && e.index === index ? [e.arguments] : [])).join('');
    expect(JSON.parse(args(0))).toEqual({ location: 'Paris, FR' });
    expect(JSON.parse(args(1))).toEqual({ tz: 'Europe/Paris' });
    // every delta follows the start of its own call
    for (const [i, e] of calls.entries()) {
      if (e.type !== 'tool_call_delta') continue;
      expect(calls.slice(0, i).some((s) => s.type === 'tool_call_start' && s.index === e.index)).toBe(true);
    }
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'tool_calls',
      usage: { inputTokens: 2120, outputTokens: 48, cachedTokens: 1920, reasoningTokens: 0 },
    });
  });

  it('decodes a DeepSeek reasoner stream: reasoning_content, then text, usage on the finish chunk', async () => {
    const events = await decodeFixture('deepseek-reasoner');
    expect(events[0]).toEqual({ type: 'start', id: 'b7c3e0f2-5a1d-4e8b-9c6f-2d4a8e1b3f70', model: 'deepseek-reasoner' });
    expect(text(events, 'reasoning_delta')).toBe('Okay, the user said hello. I should greet them.');
    expect(text(events, 'text_delta')).toBe('Hello! How can I assist you today?');
    const lastReasoning = events.findLastIndex((e) => e.type === 'reasoning_delta');
    const firstText = events.findIndex((e) => e.type === 'text_delta');
    expect(lastReasoning).toBeLessThan(firstText);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'end',
      usage: { inputTokens: 6, outputTokens: 92, cachedTokens: 0, reasoningTokens: 81 },
    });
  });

  it('decodes a DeepSeek thinking-mode tool call with cache hits reported the DeepSeek way', async () => {
    const events = await decodeFixture('deepseek-tool-call');
    expect(text(events, 'reasoning_delta')).toBe('I need the weather for Tokyo.');
    expect(events.filter((e) => e.type === 'tool_call_start')).toEqual([
      { type: 'tool_call_start', index: 0, id: 'call_00_xB4nR1tYq8ZkW3mPd7sLcV2e', name: 'get_weather' },
    ]);
    const args = events.flatMap((e) => (e.type === 'tool_call_delta' ? [e.arguments] : [])).join('');
    expect(JSON.parse(args)).toEqual({ location: 'Tokyo' });
    expect(events.at(-1)).toEqual({
      type: 'finish',
      stopReason: 'tool_calls',
      usage: { inputTokens: 310, outputTokens: 41, cachedTokens: 256 },
    });
  });

  it('turns an error chunk into a terminal error event', async () => {
    const events = await decodeFixture('openai-error');
    expect(text(events, 'text_delta')).toBe('Partial');
    expect(events.at(-1)).toEqual({
      type: 'error',
      message: 'The server had an error while processing your request. Sorry about that!',
      code: 'server_error',
    });
    expect(events.some((e) => e.type === 'finish')).toBe(false);
  });

  it('ends a stream cut off before finish_reason with an error', async () => {
    const events = await decodeFixture('openai-truncated');
    expect(text(events, 'text_delta')).toBe('Half an ans');
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'UPSTREAM_STREAM_TRUNCATED' });
  });

  it('reports malformed JSON and string errors as errors', async () => {
    const run = async (data: string[]) => {
      const out: StreamEvent[] = [];
      async function* src() {
        for (const d of data) yield { data: d };
      }
      for await (const e of chatProtocol.decodeStream(src())) out.push(e);
      return out;
    };
    expect((await run(['{"id":"x","choices":[{"delta":{"content":"a"}}]}', '{not json'])).at(-1)).toMatchObject({
      type: 'error',
      code: 'UPSTREAM_BAD_RESPONSE',
    });
    expect(await run(['{"error":"quota exceeded"}'])).toEqual([
      { type: 'error', message: 'quota exceeded', code: 'UPSTREAM_ERROR' },
    ]);
  });

  it('lets sniffUsage find the usage of each fixture in exactly one chunk', async () => {
    for (const [name, inputTokens] of [['openai-text', 19], ['openai-tool-calls', 2120], ['deepseek-reasoner', 6]] as const) {
      const found = [];
      for await (const event of parseSse(bytes(fixture(name)))) {
        const usage = sniffUsage(event);
        if (usage) found.push(usage);
      }
      expect(found).toHaveLength(1);
      expect(found[0]?.inputTokens).toBe(inputTokens);
    }
  });

  it('parses only the usage chunk, though every OpenAI chunk says "usage":null', async () => {
    const events = [];
    for await (const event of parseSse(bytes(fixture('openai-text')))) events.push(event);
    expect(events.filter((e) => e.data.includes('"usage":null')).length).toBeGreaterThan(5);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      for (const event of events) sniffUsage(event);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
