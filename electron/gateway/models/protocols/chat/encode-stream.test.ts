import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamEvent } from '../../canonical.js';
import { parseSse } from '../../sse.js';
import { chatProtocol } from './index.js';

// A stand-in gateway: whatever the test puts in `respond` is written as the SSE body.
let respond: () => AsyncIterable<string>;
let lastBody: Record<string, unknown> | undefined;
let server: Server;
let client: OpenAI;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    lastBody = JSON.parse(raw) as Record<string, unknown>;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for await (const frame of respond()) res.write(frame);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'x', maxRetries: 0 });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  lastBody = undefined;
});

const ctxFor = (streamUsage: boolean) => {
  const request: CanonicalRequest = { model: 'my-alias', messages: [], stream: true, streamUsage };
  return { requestedModel: 'my-alias', decode: { toolNames: new Map() }, request };
};

async function* once(buffer: Buffer): AsyncIterable<Uint8Array> {
  yield buffer;
}

async function* from(events: StreamEvent[]): AsyncIterable<StreamEvent> {
  for (const event of events) yield event;
}

const serve = (events: StreamEvent[] | (() => AsyncIterable<StreamEvent>), streamUsage = true) => {
  respond = () => chatProtocol.encodeStream(typeof events === 'function' ? events() : from(events), ctxFor(streamUsage));
};

async function collect(includeUsage = true): Promise<ChatCompletionChunk[]> {
  const stream = await client.chat.completions.create({
    model: 'my-alias',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    stream_options: { include_usage: includeUsage },
  });
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

// Anthropic-style canonical stream: tool call indexes are content-block positions (1, 2).
const agentEvents: StreamEvent[] = [
  { type: 'start', id: 'msg_01ABC', model: 'claude-sonnet-4' },
  { type: 'usage', usage: { inputTokens: 1200, outputTokens: 1, cachedTokens: 1000 } },
  { type: 'reasoning_delta', text: 'Plan: read both.' },
  { type: 'reasoning_delta', text: '', signature: 'sig' },
  { type: 'text_delta', text: 'Reading ' },
  { type: 'text_delta', text: 'files "now".' },
  { type: 'tool_call_start', index: 1, id: 'toolu_A', name: 'read_file' },
  { type: 'tool_call_delta', index: 1, arguments: '{"path":' },
  { type: 'tool_call_delta', index: 1, arguments: '"a.ts"}' },
  { type: 'tool_call_start', index: 2, id: 'toolu_B', name: 'read_file' },
  { type: 'tool_call_delta', index: 2, arguments: '{"path":"b.ts"}' },
  { type: 'finish', stopReason: 'tool_calls', usage: { inputTokens: 1200, outputTokens: 57, cachedTokens: 1000 } },
];

describe('chat encodeStream, read by the openai SDK', () => {
  it('streams text, tool calls and usage that the SDK accumulates correctly', async () => {
    serve(agentEvents);
    const stream = client.chat.completions.stream({ model: 'my-alias', messages: [{ role: 'user', content: 'go' }] });
    const final = await stream.finalChatCompletion();
    expect(final.model).toBe('my-alias');
    expect(final.id).toMatch(/^chatcmpl-/);
    const choice = final.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('Reading files "now".');
    expect(choice.message.tool_calls).toEqual([
      { id: 'toolu_A', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}'} },
      { id: 'toolu_B', type: 'function', function: { name: 'read_file', arguments: '{"path":"b.ts"}'} },
    ]);
    expect(final.usage).toEqual({
      prompt_tokens: 1200,
      completion_tokens: 57,
      total_tokens: 1257,
      prompt_tokens_details: { cached_tokens: 1000 },
    });
  });

  it('sends chunks shaped like OpenAI: role first, dense tool indexes, finish, usage with no choices', async () => {
    serve(agentEvents);
    const chunks = await collect();
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'my-alias')).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const deltas = chunks.flatMap((c) => c.choices.map((ch) => ch.delta));
    expect(deltas.flatMap((d) => d.tool_calls ?? []).map((t) => t.index)).toEqual([0, 0, 0, 1, 1]);
    expect(deltas.map((d) => (d as { reasoning_content?: string }).reasoning_content).filter(Boolean)).toEqual([
      'Plan: read both.',
    ]);
    const finishAt = chunks.findIndex((c) => c.choices[0]?.finish_reason);
    expect(finishAt).toBe(chunks.length - 2);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(57);
  });

  it('leaves out the usage chunk when the client did not ask for it', async () => {
    serve(agentEvents, false);
    const chunks = await collect(false);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.some((c) => c.usage)).toBe(false);
  });

  it('ends the stream with [DONE] after the finish', async () => {
    let raw = '';
    for await (const frame of chatProtocol.encodeStream(from(agentEvents), ctxFor(true))) raw += frame;
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(raw.split('data: [DONE]')).toHaveLength(2);
  });

  it('makes the SDK throw an APIError when the stream fails mid-way', async () => {
    serve([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text_delta', text: 'Par' },
      { type: 'error', message: 'provider reset the connection', code: 'UPSTREAM_ERROR' },
      { type: 'text_delta', text: 'never sent' },
    ]);
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
          seen.push(chunk.choices[0]?.delta.content ?? '');
        }
      } catch (e) {
        return e;
      }
    })();
    expect(seen.join('')).toBe('Par');
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('provider reset the connection');
    expect((error as APIError).code).toBe('UPSTREAM_ERROR');
  });

  it('ends a stream that stops without a terminal event with an error frame', async () => {
    serve([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text_delta', text: 'cut' },
    ]);
    await expect(collect()).rejects.toThrow(/ended before it finished/);
  });

  it('relays a recorded DeepSeek stream end to end: decode, encode, SDK', async () => {
    const raw = readFileSync(new URL('./__fixtures__/deepseek-tool-call.chunks.txt', import.meta.url));
    serve(() => chatProtocol.decodeStream(parseSse(once(raw))));
    const final = await client.chat.completions
      .stream({ model: 'my-alias', messages: [{ role: 'user', content: 'weather?' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(lastBody?.model).toBe('my-alias');
    const message = final.choices[0]!.message;
    expect(message.tool_calls?.[0]).toMatchObject({
      id: 'call_00_xB4nR1tYq8ZkW3mPd7sLcV2e',
      function: { name: 'get_weather', arguments: '{"location":"Tokyo"}' },
    });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.usage).toMatchObject({ prompt_tokens: 310, completion_tokens: 41, prompt_tokens_details: { cached_tokens: 256 } });
  });
});
