import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, CanonicalResponse } from '../../canonical.js';
import { HttpError } from '../../../http/http-error.js';
import { chatProtocol } from './index.js';
import { sniffUsage } from './usage.js';

const request: CanonicalRequest = { model: 'alias', messages: [], stream: false };
const ctx = { requestedModel: 'alias', decode: { toolNames: new Map() }, request };

// Shaped like DeepSeek's reply to a thinking-mode tool call.
const deepseekToolReply = {
  id: '931809f8-3d1c-44d9-b124-367d05e0f123',
  object: 'chat.completion',
  created: 1739092483,
  model: 'deepseek-reasoner',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: '',
        reasoning_content: 'I should look this up.',
        tool_calls: [
          { index: 0, id: 'call_00_abc', type: 'function', function: { name: 'search', arguments: '{"q":"tokyo"}' } },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 600,
    completion_tokens: 92,
    total_tokens: 692,
    prompt_tokens_details: { cached_tokens: 512 },
    completion_tokens_details: { reasoning_tokens: 81 },
    prompt_cache_hit_tokens: 512,
    prompt_cache_miss_tokens: 88,
  },
  system_fingerprint: 'fp_7e73fd9a08',
};

describe('chat decodeResponse', () => {
  it('decodes reasoning_content, tool calls, finish reason and usage', () => {
    expect(chatProtocol.decodeResponse(deepseekToolReply)).toEqual({
      id: '931809f8-3d1c-44d9-b124-367d05e0f123',
      model: 'deepseek-reasoner',
      content: [
        { type: 'reasoning', text: 'I should look this up.' },
        { type: 'tool_call', id: 'call_00_abc', name: 'search', arguments: '{"q":"tokyo"}' },
      ],
      stopReason: 'tool_calls',
      usage: { inputTokens: 600, outputTokens: 92, cachedTokens: 512, reasoningTokens: 81 },
    });
  });

  it.each([
    ['stop', 'end'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['content_filter', 'content_filter'],
    [null, 'end'],
  ])('maps finish_reason %s to %s', (finish, stop) => {
    const body = { id: 'x', model: 'm', choices: [{ index: 0, message: { content: 'hi' }, finish_reason: finish }] };
    expect(chatProtocol.decodeResponse(body).stopReason).toBe(stop);
  });

  it('reports tool_calls when a server says stop but returned tool calls', () => {
    const body = {
      choices: [{ message: { content: null, tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'stop' }],
    };
    expect(chatProtocol.decodeResponse(body).stopReason).toBe('tool_calls');
  });

  it('takes DeepSeek cache hits when prompt_tokens_details is missing, and zero usage when absent', () => {
    const body = { choices: [{ message: { content: 'a' }, finish_reason: 'stop' }] };
    expect(chatProtocol.decodeResponse(body).usage).toEqual({ inputTokens: 0, outputTokens: 0 });
    const withHits = { ...body, usage: { prompt_tokens: 10, completion_tokens: 2, prompt_cache_hit_tokens: 8 } };
    expect(chatProtocol.decodeResponse(withHits).usage).toEqual({ inputTokens: 10, outputTokens: 2, cachedTokens: 8 });
  });

  it('throws a 502 for a body that is not a completion', () => {
    for (const body of [null, 'text', { choices: [] }, { error: { message: 'overloaded' } }]) {
      const error = (() => {
        try {
          chatProtocol.decodeResponse(body);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(502);
    }
  });
});

describe('chat encodeResponse', () => {
  const canonical: CanonicalResponse = {
    id: 'msg_01XYZ',
    model: 'claude-sonnet-4',
    content: [
      { type: 'reasoning', text: 'thinking', signature: 'sig' },
      { type: 'tool_call', id: 'toolu_1', name: 'read', arguments: '{"path":"a"}' },
    ],
    stopReason: 'tool_calls',
    usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 80 },
  };

  it('answers in chat.completion shape with the requested model and null content for tool calls', () => {
    const out = chatProtocol.encodeResponse(canonical, ctx) as Record<string, unknown>;
    expect(out).toMatchObject({
      object: 'chat.completion',
      model: 'alias',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            reasoning_content: 'thinking',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 80 } },
    });
    expect(out.id).toMatch(/^chatcmpl-[\w-]+$/);
    expect(out.created).toBeTypeOf('number');
    expect(out.usage).not.toHaveProperty('completion_tokens_details');
  });

  it('survives a round trip through decodeResponse', () => {
    const text: CanonicalResponse = { ...canonical, content: [{ type: 'text', text: 'done' }], stopReason: 'max_tokens' };
    const back = chatProtocol.decodeResponse(chatProtocol.encodeResponse(text, ctx));
    expect(back.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(back.stopReason).toBe('max_tokens');
    expect(back.usage).toEqual(text.usage);
    expect(back.model).toBe('alias');
  });
});

describe('chat usage and errors', () => {
  it('reads usage from a body and sniffs it only from chunks that carry an object', () => {
    expect(chatProtocol.usageOf(deepseekToolReply)).toEqual({
      inputTokens: 600,
      outputTokens: 92,
      cachedTokens: 512,
      reasoningTokens: 81,
    });
    expect(chatProtocol.usageOf({ choices: [] })).toBeUndefined();
    expect(sniffUsage({ data: '{"choices":[{"delta":{"content":"usage"}}],"usage":null}' })).toBeUndefined();
    expect(sniffUsage({ data: '{"choices":[],"usage" : {"prompt_tokens":3,"completion_tokens":4}}' })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
    });
    expect(sniffUsage({ data: '[DONE]' })).toBeUndefined();
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'server_error'],
    [503, 'server_error'],
  ])('gives status %i the OpenAI error type %s', (status, type) => {
    expect(chatProtocol.errorBody(status, 'SOME_CODE', 'went wrong')).toEqual({
      error: { message: 'went wrong', type, code: 'SOME_CODE', param: null },
    });
  });

  it('writes a stream error as one data frame with an error key', () => {
    const frame = chatProtocol.streamErrorFrame('UPSTREAM_ERROR', 'boom "quoted"');
    expect(frame.startsWith('data: ')).toBe(true);
    expect(frame.endsWith('\n\n')).toBe(true);
    expect(JSON.parse(frame.slice(6))).toEqual({
      error: { message: 'boom "quoted"', type: 'server_error', code: 'UPSTREAM_ERROR', param: null },
    });
  });
});
