import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical.js';
import { decodeStream } from './decode-stream.js';
import { sniffUsage } from './sniff-usage.js';
import { collect, fixtureText, iterate, sseFixture } from './test-support.js';
import { parseSse } from '../../sse.js';

const decode = (name: string) => collect(decodeStream(sseFixture(name)));

describe('decodeStream on recorded-style OpenAI streams', () => {
  it('text: start, deltas, finish with usage', async () => {
    expect(await decode('openai-text.chunks.txt')).toEqual<StreamEvent[]>([
      { type: 'start', id: 'resp_68f1a2b3c4d5e6f70011223344556677', model: 'gpt-5.1-2025-11-13' },
      { type: 'text_delta', text: 'Hello' },
      { type: 'text_delta', text: ' from' },
      { type: 'text_delta', text: ' the Responses API.' },
      { type: 'finish', stopReason: 'end', usage: { inputTokens: 1234, outputTokens: 9, cachedTokens: 1024, reasoningTokens: 0 } },
    ]);
  });

  it('reasoning summary parts and a function call with streamed arguments', async () => {
    const out = await decode('openai-reasoning-tool-call.chunks.txt');
    expect(out.slice(1)).toEqual<StreamEvent[]>([
      { type: 'reasoning_delta', text: '**Checking' },
      { type: 'reasoning_delta', text: ' weather**' },
      { type: 'reasoning_delta', text: '\n\nNeed the city first.' },
      { type: 'tool_call_start', index: 0, id: 'call_Wx9kP2mQ7rT4', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"' },
      { type: 'tool_call_delta', index: 0, arguments: 'city' },
      { type: 'tool_call_delta', index: 0, arguments: '":"' },
      { type: 'tool_call_delta', index: 0, arguments: 'Ber' },
      { type: 'tool_call_delta', index: 0, arguments: 'lin"}' },
      { type: 'finish', stopReason: 'tool_calls', usage: { inputTokens: 310, outputTokens: 88, cachedTokens: 0, reasoningTokens: 64 } },
    ]);
  });

  it('response.incomplete for max_output_tokens finishes with max_tokens', async () => {
    expect((await decode('openai-incomplete.chunks.txt')).at(-1)).toEqual({
      type: 'finish',
      stopReason: 'max_tokens',
      usage: { inputTokens: 12, outputTokens: 16, cachedTokens: 0, reasoningTokens: 13 },
    });
  });

  it('an error event ends the stream with one error, not a second one for response.failed', async () => {
    const out = await decode('openai-error.chunks.txt');
    expect(out.filter((e) => e.type === 'error')).toEqual([
      { type: 'error', code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' },
    ]);
    expect(out.at(-1)?.type).toBe('error');
  });

  it('response.failed becomes an error carrying its code', async () => {
    expect((await decode('openai-failed.chunks.txt')).at(-1)).toEqual({
      type: 'error',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached for gpt-5.1 on tokens per min (TPM). Please try again in 1.2s.',
    });
  });

  it('a stream that stops without a terminal event ends in an error', async () => {
    const out = await decode('openai-truncated.chunks.txt');
    expect(out.map((e) => e.type)).toEqual(['start', 'text_delta', 'error']);
    expect(out.at(-1)).toMatchObject({ code: 'UPSTREAM_STREAM_TRUNCATED' });
  });
});

describe('decodeStream on providers that skip deltas', () => {
  const sse = (...data: object[]) => iterate(data.map((d) => ({ event: (d as { type: string }).type, data: JSON.stringify(d) })));

  it('takes text, reasoning and arguments from *.done items when no deltas came', async () => {
    const out = await collect(
      decodeStream(
        sse(
          { type: 'response.created', response: { id: 'r1', model: 'm' } },
          { type: 'response.output_item.done', output_index: 0, item: { id: 'rs', type: 'reasoning', summary: [{ type: 'summary_text', text: 'hmm' }] } },
          { type: 'response.output_item.done', output_index: 1, item: { id: 'm1', type: 'message', content: [{ type: 'output_text', text: 'hi' }] } },
          { type: 'response.output_item.done', output_index: 2, item: { id: 'f1', type: 'function_call', call_id: 'c1', name: 'go', namespace: 'ns', arguments: '{"a":1}' } },
          { type: 'response.completed', response: { id: 'r1', status: 'completed' } },
        ),
      ),
    );
    expect(out).toEqual<StreamEvent[]>([
      { type: 'start', id: 'r1', model: 'm' },
      { type: 'reasoning_delta', text: 'hmm' },
      { type: 'text_delta', text: 'hi' },
      { type: 'tool_call_start', index: 0, id: 'c1', name: 'ns__go' },
      { type: 'tool_call_delta', index: 0, arguments: '{"a":1}' },
      { type: 'finish', stopReason: 'tool_calls' },
    ]);
  });

  it('reports an event that is not JSON as an error', async () => {
    const out = await collect(decodeStream(iterate([{ data: '{"type":"response.created","response":{}}' }, { data: 'not json' }])));
    expect(out.at(-1)).toMatchObject({ type: 'error', code: 'UPSTREAM_BAD_EVENT' });
  });
});

describe('sniffUsage', () => {
  it('finds usage only on the terminal event of a pass-through stream', async () => {
    const all = await collect(parseSse(iterate([fixtureText('openai-reasoning-tool-call.chunks.txt')])));
    const found = all.map(sniffUsage).filter((u) => u !== undefined);
    expect(found).toEqual([{ inputTokens: 310, outputTokens: 88, cachedTokens: 0, reasoningTokens: 64 }]);
  });

  it('does not parse events without "usage"', () => {
    expect(sniffUsage({ event: 'response.output_text.delta', data: 'not json at all' })).toBeUndefined();
  });
});
