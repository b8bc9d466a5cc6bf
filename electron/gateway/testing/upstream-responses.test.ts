import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateInputTokens, startScriptedUpstream, type ScriptedUpstream } from './upstream.js';

// The official OpenAI SDK (whose Responses accumulator validates every event's indexes and
// item identities) is the judge of the fake's Responses wire format.

let upstream: ScriptedUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
});
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const base = { model: 'gpt-test', input: 'hi' };
const search = { name: 'search', arguments: { query: 'café ☕', limit: 5 } };

describe('responses, not streaming', () => {
  it('answers a completed response with output text and detailed usage', async () => {
    upstream.script({ text: 'Hello there world' });
    const res = await client.responses.create(base);

    expect(res).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-test' });
    expect(res.id).toMatch(/^resp_/);
    expect(res.output_text).toBe('Hello there world');
    const sent = JSON.stringify(upstream.requests[0]?.body);
    expect(res.usage).toEqual({
      input_tokens: estimateInputTokens(sent),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: estimateInputTokens(sent) + 3,
    });
  });

  it('answers a function call item, with scripted cached usage', async () => {
    upstream.script({ toolCall: search, usage: { input: 50, output: 7, cached: 20 } });
    const res = await client.responses.create(base);

    const call = res.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'search', status: 'completed' });
    expect(call?.type === 'function_call' && call.call_id).toMatch(/^call_/);
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toEqual(search.arguments);
    expect(res.usage?.input_tokens_details.cached_tokens).toBe(20);
  });

  it('is served on /responses without the /v1 prefix too', async () => {
    const bare = new OpenAI({ apiKey: 'sk-test', baseURL: upstream.url, maxRetries: 0 });
    expect((await bare.responses.create(base)).output_text).toBe('ok');
    expect(upstream.requests[0]).toMatchObject({ protocol: 'responses', path: '/responses' });
  });
});

describe('responses, streaming', () => {
  it('emits the full event sequence with increasing sequence numbers', async () => {
    upstream.script({ text: 'one two three' });
    const stream = await client.responses.create({ ...base, stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);

    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t !== 'response.output_text.delta')).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(deltas).toEqual(['one', ' two', ' three']);
    const completed = events.at(-1);
    expect(completed?.type === 'response.completed' && completed.response.usage?.output_tokens).toBe(3);
  });

  it('lets the SDK accumulate reasoning, text and a function call into the final response', async () => {
    upstream.script({ toolCall: search, text: 'Looking it up.', reasoning: 'The user wants coffee' });
    const stream = client.responses.stream(base);
    const argDeltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (e) => argDeltas.push(e.delta));
    const done = await stream.finalResponse();

    expect(done.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    const reasoning = done.output[0];
    expect(reasoning?.type === 'reasoning' && reasoning.summary[0]?.text).toBe('The user wants coffee');
    expect(done.output_text).toBe('Looking it up.');
    const call = done.output[2];
    expect(argDeltas.length).toBeGreaterThan(1);
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toEqual(search.arguments);
    expect(done.usage?.output_tokens_details.reasoning_tokens).toBe(4);
  });
});
