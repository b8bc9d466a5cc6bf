import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical.js';
import { startHarness, type Harness, type Script } from './sdk-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function client(script: (body: Record<string, unknown>) => Script) {
  harness = await startHarness(script);
  return new Anthropic({ baseURL: harness.baseURL, apiKey: 'x', maxRetries: 0 });
}

const params = { model: 'my-alias', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'list files' }] };

// What a chat provider's stream looks like after the chat decoder: reasoning without a
// signature, text, an OpenAI tool call id, and a stop reason of `end` despite the call.
const chatLike: StreamEvent[] = [
  { type: 'start', id: 'chatcmpl-123', model: 'gpt-x' },
  { type: 'reasoning_delta', text: 'The user wants ' },
  { type: 'reasoning_delta', text: 'a listing.' },
  { type: 'text_delta', text: 'Listing ' },
  { type: 'text_delta', text: 'now.' },
  { type: 'tool_call_start', index: 0, id: 'call_abc', name: 'Bash' },
  { type: 'tool_call_delta', index: 0, arguments: '{"command":' },
  { type: 'tool_call_delta', index: 0, arguments: '"ls -la"}' },
  { type: 'tool_call_start', index: 1, id: 'functions.Read:1', name: 'Read' },
  { type: 'tool_call_delta', index: 1, arguments: '{"file_path":"/tmp/ä.txt"}' },
  { type: 'finish', stopReason: 'end', usage: { inputTokens: 120, outputTokens: 30, cachedTokens: 100 } },
];

describe('messages encodeStream with the Anthropic SDK', () => {
  it('messages.stream().finalMessage() rebuilds the whole answer', async () => {
    const anthropic = await client(() => ({ events: chatLike }));
    const stream = anthropic.messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();

    expect(message.id).toBe('msg_chatcmpl-123');
    expect(message.model).toBe('my-alias');
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'The user wants a listing.', signature: '' },
      { type: 'text', text: 'Listing now.' },
      { type: 'tool_use', id: 'call_abc', name: 'Bash', input: { command: 'ls -la' } },
      { type: 'tool_use', id: expect.stringMatching(/^functions_Read_1_[0-9a-f]{8}$/), name: 'Read', input: { file_path: '/tmp/ä.txt' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 20, output_tokens: 30, cache_read_input_tokens: 100, cache_creation_input_tokens: 0 });
    expect(texts.join('')).toBe('Listing now.');
  });

  it('writes exactly Anthropic event sequence, one block at a time', async () => {
    const anthropic = await client(() => ({ events: chatLike }));
    const stream = await anthropic.messages.create({ ...params, stream: true });
    const types: string[] = [];
    const open: number[] = [];
    for await (const event of stream) {
      if (event.type === 'content_block_start') {
        expect(open).toEqual([]);
        expect(event.index).toBe(types.filter((t) => t === 'content_block_start').length);
        open.push(event.index);
      }
      if (event.type === 'content_block_delta') expect(open).toEqual([event.index]);
      if (event.type === 'content_block_stop') expect(open.pop()).toBe(event.index);
      types.push(event.type);
    }
    const collapsed = types.filter((type, i) => type !== types[i - 1]);
    expect(collapsed).toEqual([
      'message_start',
      ...Array(4).fill(['content_block_start', 'content_block_delta', 'content_block_stop']).flat(),
      'message_delta',
      'message_stop',
    ]);
    // The frames name their event, as Anthropic's do.
    expect(harness!.written[0]).toMatch(/^event: message_start\ndata: \{"type":"message_start",/);
    expect(harness!.written[0]).toContain('event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":20,');
    expect(harness!.written[0]?.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('opens a new block each time a provider switches between reasoning and text', async () => {
    const anthropic = await client(() => ({
      events: [
        { type: 'start', id: 'x', model: 'm' },
        { type: 'reasoning_delta', text: 'a' },
        { type: 'text_delta', text: 'b' },
        { type: 'text_delta', text: '' },
        { type: 'reasoning_delta', text: 'c', signature: 'sig-c' },
        { type: 'text_delta', text: 'd' },
        { type: 'usage', usage: { inputTokens: 5, outputTokens: 0 } },
        { type: 'finish', stopReason: 'max_tokens' },
      ],
    }));
    const message = await anthropic.messages.stream(params).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'a', signature: '' },
      { type: 'text', text: 'b' },
      { type: 'thinking', thinking: 'c', signature: 'sig-c' },
      { type: 'text', text: 'd' },
    ]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.input_tokens).toBe(5);
  });

  it('does not let whitespace between argument fragments cut a tool call short', async () => {
    const anthropic = await client(() => ({
      events: [
        { type: 'start', id: 'x', model: 'm' },
        { type: 'tool_call_start', index: 0, id: 'call_1', name: 'Bash' },
        { type: 'tool_call_delta', index: 0, arguments: '{"command":' },
        { type: 'text_delta', text: '\n' },
        { type: 'tool_call_delta', index: 0, arguments: '"pwd"}' },
        { type: 'text_delta', text: ' ' },
        { type: 'text_delta', text: 'Done.' },
        { type: 'finish', stopReason: 'tool_calls' },
      ],
    }));
    const message = await anthropic.messages.stream(params).finalMessage();
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'pwd' } },
      { type: 'text', text: '\n Done.' },
    ]);
  });

  it('non-streaming messages.create gets an Anthropic message', async () => {
    const anthropic = await client(() => ({
      response: {
        id: 'chatcmpl-9',
        model: 'gpt-x',
        content: [
          { type: 'text', text: 'Here.' },
          { type: 'tool_call', id: 'call_1', name: 'Read', arguments: '{"file_path":"/a"}' },
          { type: 'reasoning', text: 'why', signature: 'sig' },
        ],
        stopReason: 'tool_calls',
        usage: { inputTokens: 50, outputTokens: 7, cachedTokens: 10 },
      },
    }));
    const message = await anthropic.messages.create(params);
    expect(message).toEqual({
      id: 'msg_chatcmpl-9',
      type: 'message',
      role: 'assistant',
      model: 'my-alias',
      content: [
        { type: 'thinking', thinking: 'why', signature: 'sig' },
        { type: 'text', text: 'Here.' },
        { type: 'tool_use', id: 'call_1', name: 'Read', input: { file_path: '/a' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 7, cache_read_input_tokens: 10, cache_creation_input_tokens: 0 },
    });
  });

  it('an error event mid-stream makes the SDK throw', async () => {
    const anthropic = await client(() => ({
      events: [
        { type: 'start', id: 'x', model: 'm' },
        { type: 'text_delta', text: 'partial' },
        { type: 'error', message: 'provider fell over', code: 'overloaded_error' },
      ],
    }));
    const error = await anthropic.messages.stream(params).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
    expect(String((error as Error).message)).toContain('provider fell over');
    expect(harness!.written[0]).toContain('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"provider fell over"}}');
  });

  it('a stream that ends without finish, or with interleaved tool arguments, makes the SDK throw', async () => {
    const cut: StreamEvent[] = [{ type: 'start', id: 'x', model: 'm' }, { type: 'text_delta', text: 'half' }];
    const interleaved: StreamEvent[] = [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'tool_call_start', index: 0, id: 'a', name: 'Bash' },
      { type: 'tool_call_start', index: 1, id: 'b', name: 'Read' },
      { type: 'tool_call_delta', index: 0, arguments: '{}' },
      { type: 'finish', stopReason: 'tool_calls' },
    ];
    const anthropic = await client((_body) => ({ events: harness!.written.length === 0 ? cut : interleaved }));
    const first = await anthropic.messages.stream(params).finalMessage().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Anthropic.APIError);
    expect((first as Error).message).toContain('ended before the answer was complete');
    const second = await anthropic.messages.stream(params).finalMessage().catch((e: unknown) => e);
    expect(second).toBeInstanceOf(Anthropic.APIError);
    expect((second as Error).message).toContain('interleaved the arguments of tool call 0');
  });

  it.each([
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [401, Anthropic.AuthenticationError, 'authentication_error'],
    [403, Anthropic.PermissionDeniedError, 'permission_error'],
    [404, Anthropic.NotFoundError, 'not_found_error'],
    [413, Anthropic.APIError, 'request_too_large'],
    [429, Anthropic.RateLimitError, 'rate_limit_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [502, Anthropic.InternalServerError, 'api_error'],
    [529, Anthropic.InternalServerError, 'overloaded_error'],
  ])('error status %i reaches the SDK as %o with type %s', async (status, errorClass, type) => {
    const anthropic = await client(() => ({ status, message: `failed with ${status}` }));
    const error = await anthropic.messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(status);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe(type);
    expect((error as Error).message).toContain(`failed with ${status}`);
  });
});
