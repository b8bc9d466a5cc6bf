import Anthropic from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateInputTokens, startScriptedUpstream, type ScriptedUpstream } from './upstream.js';

// The official Anthropic SDK is the judge of the fake's Messages wire format.

let upstream: ScriptedUpstream;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startScriptedUpstream({ models: ['claude-test', 'claude-other'] });
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 });
});
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const base = { model: 'claude-test', max_tokens: 256, messages: [{ role: 'user' as const, content: 'hi' }] };
const edit = { name: 'edit_file', arguments: { path: 'src/a.ts', lines: [1, 2], note: 'line "one"\n' } };

describe('messages, not streaming', () => {
  it('answers a text message with usage derived from the request', async () => {
    upstream.script({ text: 'Hello there world' });
    const res = await client.messages.create(base);

    expect(res).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-test', stop_reason: 'end_turn' });
    expect(res.content).toEqual([{ type: 'text', text: 'Hello there world' }]);
    const sent = JSON.stringify(upstream.requests[0]?.body);
    expect(res.usage).toMatchObject({ input_tokens: estimateInputTokens(sent), output_tokens: 3 });
    expect(upstream.requests[0]).toMatchObject({ protocol: 'messages', path: '/v1/messages' });
  });

  it('reports cache reads apart from input_tokens, as Anthropic does', async () => {
    upstream.script({ text: 'ok', usage: { input: 100, output: 2, cached: 60 } });
    const res = await client.messages.create(base);
    expect(res.usage).toMatchObject({ input_tokens: 40, cache_read_input_tokens: 60, output_tokens: 2 });
  });

  it('answers thinking, text and tool_use blocks for a tool call', async () => {
    upstream.script({ toolCall: edit, text: 'Editing.', reasoning: 'Need an edit' });
    const res = await client.messages.create(base);

    expect(res.stop_reason).toBe('tool_use');
    expect(res.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const tool = res.content[2];
    expect(tool?.type === 'tool_use' && tool.id).toMatch(/^toolu_/);
    expect(tool?.type === 'tool_use' && tool.input).toEqual(edit.arguments);
  });
});

describe('messages, streaming', () => {
  it('emits message_start, ping, block events, message_delta and message_stop', async () => {
    upstream.script({ text: 'one two three', usage: { input: 10, output: 3 } });
    const stream = await client.messages.create({ ...base, stream: true });
    const events: RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);

    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]); // ping is not surfaced by the SDK, but must not break it
    const delta = events.at(-2);
    expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('end_turn');
    expect(delta?.type === 'message_delta' && delta.usage.output_tokens).toBe(3);
  });

  it('lets messages.stream() assemble thinking with its signature and text', async () => {
    upstream.script({ text: 'The answer is 4.', reasoning: 'two plus two' });
    const stream = client.messages.stream(base);
    const texts: string[] = [];
    stream.on('text', (delta) => texts.push(delta));
    const message = await stream.finalMessage();

    expect(texts.length).toBe(4);
    const [thinking, text] = message.content;
    expect(thinking?.type === 'thinking' && thinking.thinking).toBe('two plus two');
    expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(0);
    expect(text?.type === 'text' && text.text).toBe('The answer is 4.');
    expect(message.usage.output_tokens).toBe(7);
  });

  it('lets messages.stream() assemble tool input from input_json_delta fragments', async () => {
    upstream.script({ toolCall: edit });
    const stream = client.messages.stream(base);
    const fragments: string[] = [];
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta') fragments.push(e.delta.partial_json);
    });
    const message = await stream.finalMessage();

    expect(fragments.filter((f) => f).length).toBeGreaterThan(1);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toHaveLength(1);
    const tool = message.content[0];
    expect(tool?.type === 'tool_use' && tool.name).toBe('edit_file');
    expect(tool?.type === 'tool_use' && tool.input).toEqual(edit.arguments);
  });
});

describe('messages side endpoints', () => {
  it('counts tokens with the same rule as request usage', async () => {
    const count = await client.messages.countTokens({ model: 'claude-test', messages: base.messages });
    const sent = JSON.stringify(upstream.requests[0]?.body);
    expect(upstream.requests[0]?.path).toBe('/v1/messages/count_tokens');
    expect(count.input_tokens).toBe(estimateInputTokens(sent));
  });

  it('lists models in Anthropic format for an Anthropic client', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['claude-test', 'claude-other']);
  });
});
