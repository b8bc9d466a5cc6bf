import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateInputTokens, startScriptedUpstream, type ScriptedUpstream } from './upstream.js';

// The official OpenAI SDK is the judge of the fake's chat-completions wire format.

let upstream: ScriptedUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
});
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const base = { model: 'gpt-test', messages: [{ role: 'user' as const, content: 'hi' }] };
const weather = { name: 'get_weather', arguments: { city: 'Paris', days: 3 } };

describe('chat completions, not streaming', () => {
  it('answers text with usage derived from the request', async () => {
    upstream.script({ text: 'Hello there world' });
    const res = await client.chat.completions.create(base);

    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-test');
    expect(res.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Hello there world' });
    expect(res.choices[0]?.finish_reason).toBe('stop');
    const sent = JSON.stringify(upstream.requests[0]?.body);
    expect(res.usage).toMatchObject({ prompt_tokens: estimateInputTokens(sent), completion_tokens: 3 });
    expect(upstream.requests[0]?.usage).toEqual({ input: estimateInputTokens(sent), output: 3, cached: 0 });
  });

  it('answers a tool call, with scripted usage and cache reads', async () => {
    upstream.script({ toolCall: weather, usage: { input: 100, output: 9, cached: 40 } });
    const res = await client.chat.completions.create(base);

    const choice = res.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call?.id).toMatch(/^call_/);
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual(weather.arguments);
    expect(res.usage).toMatchObject({ prompt_tokens: 100, completion_tokens: 9, total_tokens: 109 });
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(40);
  });

  it('is served on /chat/completions without the /v1 prefix too', async () => {
    const bare = new OpenAI({ apiKey: 'sk-test', baseURL: upstream.url, maxRetries: 0 });
    const res = await bare.chat.completions.create(base);
    expect(res.choices[0]?.message.content).toBe('ok');
    expect(upstream.requests[0]).toMatchObject({ protocol: 'chat', path: '/chat/completions' });
  });
});

describe('chat completions, streaming', () => {
  it('streams a role delta, several content deltas, finish, a usage chunk and [DONE]', async () => {
    upstream.script({ text: 'one two three four' });
    const stream = await client.chat.completions.create({
      ...base,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]?.id)).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const contents = chunks.map((c) => c.choices[0]?.delta.content).filter((t) => t);
    expect(contents.length).toBe(4);
    expect(contents.join('')).toBe('one two three four');
    const finish = chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(4);
  });

  it('sends no usage chunk unless include_usage was asked for', async () => {
    const stream = await client.chat.completions.create({ ...base, stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams tool-call arguments in fragments that the SDK reassembles', async () => {
    upstream.script({ toolCall: weather, text: 'Checking.' });
    const runner = client.chat.completions.stream(base);
    const fragments: string[] = [];
    runner.on('chunk', (chunk) => {
      const args = chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments;
      if (args) fragments.push(args);
    });
    const done = await runner.finalChatCompletion();

    expect(fragments.length).toBeGreaterThan(1);
    const message = done.choices[0]?.message;
    expect(message?.content).toBe('Checking.');
    const call = message?.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual(weather.arguments);
    expect(done.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams reasoning as DeepSeek-style reasoning_content before the answer', async () => {
    upstream.script({ text: 'Answer.', reasoning: 'Let me think hard' });
    const stream = await client.chat.completions.create({ ...base, stream: true });
    let reasoning = '';
    let answerStartedAfterReasoning = false;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string; content?: string | null } | undefined;
      if (delta?.reasoning_content) reasoning += delta.reasoning_content;
      if (delta?.content) answerStartedAfterReasoning = reasoning === 'Let me think hard';
    }
    expect(reasoning).toBe('Let me think hard');
    expect(answerStartedAfterReasoning).toBe(true);
  });
});
