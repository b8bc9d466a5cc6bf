import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../http/http-error.js';
import { chatProtocol } from './index.js';

const decode = (body: unknown) => chatProtocol.decodeRequest(body, { toolNames: new Map() });

function decodeError(body: unknown): HttpError {
  try {
    decode(body);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error('expected decodeRequest to throw');
}

describe('chat decodeRequest', () => {
  it('decodes a full agent request', () => {
    const req = decode({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather and time in Paris? See:' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Two tools at once.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '14:00' }] },
        { role: 'assistant', content: 'Sunny, 14:00.' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'get_time' } },
        { type: 'custom', custom: { name: 'grammar_tool' } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'high',
      user: 'u-42',
      seed: 7,
    });

    expect(req).toEqual({
      model: 'gpt-4o',
      system: 'You are terse.\n\nUse tools.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather and time in Paris? See:' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
            { type: 'image', url: 'https://example.com/cat.jpg' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Two tools at once.' },
            { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { type: 'tool_call', id: 'call_2', name: 'get_time', arguments: '{}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool_result', callId: 'call_1', content: 'sunny' },
            { type: 'tool_result', callId: 'call_2', content: '14:00' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'Sunny, 14:00.' }] },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
        { name: 'get_time', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: { name: 'get_weather' },
      parallelToolCalls: false,
      maxTokens: 200,
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      stream: true,
      streamUsage: true,
      reasoning: { effort: 'high' },
      user: 'u-42',
    });
  });

  it('keeps the defaults minimal for a plain request', () => {
    expect(decode({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, stop: ['a', 'b'] })).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      maxTokens: 5,
      stop: ['a', 'b'],
      stream: false,
    });
  });

  it('only asks for stream usage when streaming and include_usage is true', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(decode({ ...base, stream: true }).streamUsage).toBeUndefined();
    expect(decode({ ...base, stream: true, stream_options: { include_usage: false } }).streamUsage).toBeUndefined();
    expect(decode({ ...base, stream: false, stream_options: { include_usage: true } }).streamUsage).toBeUndefined();
  });

  it('maps string tool choices and ignores choices it cannot express', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(decode({ ...base, tool_choice: 'required' }).toolChoice).toBe('required');
    expect(decode({ ...base, tool_choice: { type: 'allowed_tools', allowed_tools: {} } }).toolChoice).toBeUndefined();
  });

  it('keeps assistant text next to tool calls', () => {
    const req = decode({
      model: 'm',
      messages: [
        { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }], tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] },
      ],
    });
    expect(req.messages[0]?.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_call', id: 'c', name: 'f', arguments: '{}' },
    ]);
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'hi' }] }, 400, /^model: .*expected string/],
    [{ model: 'm' }, 400, /^messages: .*expected array/],
    [{ model: 'm', messages: [] }, 400, /^messages: /],
    [null, 400, /^body: .*expected object/],
    [{ model: 'm', messages: [{ role: 'bot', content: 'x' }] }, 400, /^messages\.0\.role: .*'system' \| 'developer' \| 'user'/],
    [{ model: 'm', messages: [{ role: 'user', content: 42 }] }, 400, /^messages\.0\.content: expected string or array$/],
    [
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] },
      400,
      /^messages\.0\.content\.0\.type: .*'text' \| 'image_url'/,
    ],
    [{ model: 'm', messages: [{ role: 'tool', content: 'r' }] }, 400, /^messages\.0\.tool_call_id: /],
    [
      { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'f' } }] }] },
      400,
      /^messages\.0\.tool_calls\.0\.function\.arguments: /,
    ],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] }, 400, /^tools\.0\.function: required/],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: -1 }, 400, /^max_tokens: /],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], stop: 5 }, 400, /^stop: expected string or array$/],
  ])('rejects %j with a message naming the bad path', (body, status, message) => {
    const error = decodeError(body);
    expect(error.status).toBe(status);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toMatch(message);
  });
});
