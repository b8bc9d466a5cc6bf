import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';

// Every inbound protocol against every provider type, through the real SDKs.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  openai = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.upstream.reset());

const routes = [
  ['via-chat', 'chat'],
  ['via-responses', 'responses'],
  ['via-anthropic', 'messages'],
] as const;

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe.each(routes)('%s (upstream speaks %s)', (model, upstreamProtocol) => {
  it('lists the model', async () => {
    const page = await openai.models.list();
    expect(page.data.map((m) => m.id)).toEqual(expect.arrayContaining(['chat-model', 'resp-model', 'claude-test', model]));
  });

  it('chat completions, not streaming', async () => {
    h.upstream.script({ text: 'Hello from upstream', usage: { input: 11, output: 4 } });
    const res = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0]!.message.content).toBe('Hello from upstream');
    expect(res.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 4 });
    expect(h.upstream.requests[0]!.protocol).toBe(upstreamProtocol);
  });

  it('chat completions, streaming with usage', async () => {
    h.upstream.script({ text: 'Streaming words arrive one by one', usage: { input: 9, output: 6 } });
    const stream = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Streaming words arrive one by one');
    expect(usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 6 });
  });

  it('chat completions, tool calls streaming and not', async () => {
    h.upstream.script({ toolCall: { name: 'get_weather', arguments: { city: 'Oslo' } } }, { toolCall: { name: 'get_weather', arguments: { city: 'Lima' } } });
    const tools = [{ type: 'function' as const, function: weatherTool }];
    const res = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'weather?' }], tools });
    const call = res.choices[0]!.message.tool_calls![0]!;
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });

    const stream = openai.chat.completions.stream({ model, messages: [{ role: 'user', content: 'weather?' }], tools });
    const final = await stream.finalChatCompletion();
    const streamed = final.choices[0]!.message.tool_calls![0]!;
    expect(streamed.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({ city: 'Lima' });
    const sentTools = JSON.stringify(h.upstream.requests[0]!.body.tools);
    expect(sentTools).toContain('get_weather');
  });

  it('chat completions, a tool result goes back upstream', async () => {
    h.upstream.script({ text: 'It is sunny in Oslo' });
    const res = await openai.chat.completions.create({
      model,
      tools: [{ type: 'function', function: weatherTool }],
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny, 21C' },
      ],
    });
    expect(res.choices[0]!.message.content).toBe('It is sunny in Oslo');
    expect(JSON.stringify(h.upstream.requests[0]!.body)).toContain('sunny, 21C');
  });

  it('responses, not streaming and streaming', async () => {
    h.upstream.script({ text: 'Responses answer', usage: { input: 7, output: 2 } }, { text: 'Streamed responses answer', usage: { input: 8, output: 3 } });
    const res = await openai.responses.create({ model, input: 'hi', instructions: 'be brief' });
    expect(res.output_text).toBe('Responses answer');
    expect(res.usage).toMatchObject({ input_tokens: 7, output_tokens: 2 });

    const stream = openai.responses.stream({ model, input: [{ role: 'user', content: 'hi' }] });
    let deltas = '';
    stream.on('response.output_text.delta', (event) => (deltas += event.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Streamed responses answer');
    expect(deltas).toBe('Streamed responses answer');
    expect(final.usage).toMatchObject({ input_tokens: 8, output_tokens: 3 });
  });

  it('responses, function calls', async () => {
    h.upstream.script({ toolCall: { name: 'get_weather', arguments: { city: 'Quito' } } });
    const stream = openai.responses.stream({ model, input: 'weather?', tools: [{ type: 'function', strict: false, ...weatherTool }] });
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ city: 'Quito' });
  });

  it('messages, not streaming and streaming', async () => {
    h.upstream.script({ text: 'Claude-shaped answer', usage: { input: 12, output: 3 } }, { text: 'Streamed Claude answer', usage: { input: 13, output: 3 } });
    const res = await anthropic.messages.create({ model, max_tokens: 100, system: 'be brief', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.content[0]).toMatchObject({ type: 'text', text: 'Claude-shaped answer' });
    expect(res.usage.output_tokens).toBe(3);
    expect(res.usage.input_tokens + (res.usage.cache_read_input_tokens ?? 0)).toBe(12);

    const final = await anthropic.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Streamed Claude answer' });
    expect(final.usage.output_tokens).toBe(3);
  });

  it('messages, tool use streaming and not', async () => {
    h.upstream.script({ toolCall: { name: 'get_weather', arguments: { city: 'Bergen' } } }, { toolCall: { name: 'get_weather', arguments: { city: 'Cusco' } } });
    const tools = [{ name: weatherTool.name, description: weatherTool.description, input_schema: weatherTool.parameters as Anthropic.Tool.InputSchema }];
    const res = await anthropic.messages.create({ model, max_tokens: 100, tools, messages: [{ role: 'user', content: 'weather?' }] });
    expect(res.stop_reason).toBe('tool_use');
    expect(res.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { city: 'Bergen' } });
    const final = await anthropic.messages.stream({ model, max_tokens: 100, tools, messages: [{ role: 'user', content: 'weather?' }] }).finalMessage();
    expect(final.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { city: 'Cusco' } });
  });

  it('records one usage row per call with tokens', async () => {
    h.upstream.script({ text: 'counted', usage: { input: 20, output: 5 } });
    await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'count me' }] });
    await new Promise((resolve) => setTimeout(resolve, 80));
    const row = h.gateway.services.ledger.recent(1)[0]!;
    expect(row).toMatchObject({ inbound: 'chat', requestedModel: model, status: 200, inputTokens: 20, outputTokens: 5 });
    expect(row.latencyMs).toBeGreaterThan(0);
  });
});

describe('usage API', () => {
  it('totals the ledger by model with cost from prices', async () => {
    h.upstream.script({ text: 'priced', usage: { input: 1_000_000, output: 500_000 } });
    await openai.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'x' }] });
    const since = new Date(Date.now() - 60_000).toISOString();
    const res = await fetch(`${h.url}/model-gateway/usage?group_by=provider&since=${since}`, { headers: { authorization: `Bearer ${h.token}` } });
    const body = (await res.json()) as any;
    const chatty = body.groups.find((group: { key: string }) => group.key === 'chatty');
    // chat-model costs $1 per 1M input and $2 per 1M output.
    expect(chatty.costUsd).toBeGreaterThanOrEqual(2);
    const bad = await fetch(`${h.url}/model-gateway/usage?group_by=planet`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(bad.status).toBe(400);
  });

  it('counts tokens for Claude Code, estimated when the route is not Anthropic', async () => {
    const counted = await anthropic.messages.countTokens({ model: 'via-chat', messages: [{ role: 'user', content: 'a fairly long message '.repeat(20) }] });
    expect(counted.input_tokens).toBeGreaterThan(20);
  });
});
