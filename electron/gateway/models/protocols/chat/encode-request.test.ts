import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical.js';
import { chatProtocol } from './index.js';

const decode = (body: unknown) => chatProtocol.decodeRequest(body, { toolNames: new Map() });
const encode = (req: CanonicalRequest, model = 'upstream-model') =>
  chatProtocol.encodeRequest(req, model) as Record<string, unknown>;

const agentTurn = {
  model: 'client-model',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Paris and Rome?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_a', content: 'sunny' },
    { role: 'tool', tool_call_id: 'call_b', content: 'rain' },
    { role: 'assistant', content: 'Paris is sunny, Rome rainy.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And this?' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
      ],
    },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  max_completion_tokens: 512,
  temperature: 0.3,
  top_p: 1,
  stop: ['\n\n'],
  reasoning_effort: 'low',
  user: 'someone',
};

describe('chat encodeRequest', () => {
  it('round-trips a client request with tools and tool results', () => {
    const body = encode(decode(agentTurn));
    expect(body).toEqual({ ...agentTurn, model: 'upstream-model' });
  });

  it('round-trips through canonical again unchanged', () => {
    const once = decode(agentTurn);
    expect(decode(encode(once, 'client-model'))).toEqual(once);
  });

  it('always asks a streaming upstream for usage, even when the client did not', () => {
    const req = decode({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(req.streamUsage).toBeUndefined();
    const body = encode(req);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(encode({ ...req, stream: false })).not.toHaveProperty('stream_options');
  });

  it('turns tool results inside a user turn (Anthropic style) into tool messages first', () => {
    const body = encode({
      model: 'm',
      stream: false,
      messages: [
        { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_call', id: 't1', name: 'ls', arguments: '{}' }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', callId: 't1', content: 'a.txt', isError: false },
            { type: 'text', text: 'Now summarise.' },
            { type: 'text', text: '<reminder>be brief</reminder>' },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'ls', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 't1', content: 'a.txt' },
      { role: 'user', content: 'Now summarise.\n\n<reminder>be brief</reminder>' },
    ]);
  });

  it('drops reasoning except as reasoning_content on a tool-calling turn', () => {
    const body = encode({
      model: 'm',
      stream: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'think', signature: 'sig' }, { type: 'text', text: 'answer' }] },
        { role: 'user', content: [{ type: 'text', text: 'use a tool' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'need ls' },
            { type: 'reasoning', text: '', encrypted: 'opaque' },
            { type: 'tool_call', id: 'c', name: 'ls', arguments: '{}' },
          ],
        },
      ],
    });
    const messages = body.messages as Array<Record<string, unknown>>;
    expect(messages[1]).toEqual({ role: 'assistant', content: 'answer' });
    expect(messages[3]).toEqual({
      role: 'assistant',
      content: null,
      reasoning_content: 'need ls',
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'ls', arguments: '{}' } }],
    });
  });

  it('leaves out tool settings without tools and forwards only an explicit effort', () => {
    const body = encode({
      model: 'm',
      stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      toolChoice: 'required',
      parallelToolCalls: false,
      reasoning: { budgetTokens: 4096 },
      maxTokens: 64,
    });
    expect(body).toEqual({
      model: 'upstream-model',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 64,
    });
  });

  it('encodes a named tool choice and base64 images without a media type', () => {
    const body = encode({
      model: 'm',
      stream: false,
      messages: [{ role: 'user', content: [{ type: 'image', data: 'AAAA' }] }],
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { name: 'f' },
    });
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    ]);
  });
});
