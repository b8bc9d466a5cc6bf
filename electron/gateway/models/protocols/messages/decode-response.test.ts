import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../http/http-error.js';
import { decodeResponse } from './decode-response.js';
import { sniffUsage, usageOf } from './usage.js';

const message = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'thinking', thinking: 'think', signature: 'sig' },
    { type: 'redacted_thinking', data: 'opaque' },
    { type: 'text', text: 'Running it.', citations: null },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
    { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 10, cache_creation_input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 42 },
};

describe('messages decodeResponse', () => {
  it('decodes content blocks, stop reason and usage', () => {
    expect(decodeResponse(message)).toEqual({
      id: 'msg_01',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'reasoning', text: 'think', signature: 'sig' },
        { type: 'reasoning', text: '', encrypted: 'opaque' },
        { type: 'text', text: 'Running it.' },
        { type: 'tool_call', id: 'toolu_01', name: 'Bash', arguments: '{"command":"ls"}' },
      ],
      stopReason: 'tool_calls',
      usage: { inputTokens: 115, outputTokens: 42, cachedTokens: 100 },
    });
  });

  it.each([
    ['end_turn', 'end'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['refusal', 'content_filter'],
    ['model_context_window_exceeded', 'max_tokens'],
    [null, 'end'],
  ])('maps stop_reason %s to %s', (stop, expected) => {
    expect(decodeResponse({ ...message, stop_reason: stop }).stopReason).toBe(expected);
  });

  it('answers a body that is not a message with a 502', () => {
    expect(() => decodeResponse({ id: 'x', content: 'nope' })).toThrow(HttpError);
    try {
      decodeResponse({ id: 'x', content: 'nope' });
    } catch (error) {
      expect((error as HttpError).status).toBe(502);
      expect((error as HttpError).message).toContain('content');
    }
  });
});

describe('messages usage', () => {
  it('reads usage from a message body', () => {
    expect(usageOf(message)).toEqual({ inputTokens: 115, outputTokens: 42, cachedTokens: 100 });
    expect(usageOf({ type: 'message' })).toBeUndefined();
  });

  it('sniffs what each stream event carries', () => {
    const start = { type: 'message_start', message: { ...message, content: [], usage: { input_tokens: 7, cache_read_input_tokens: 3, output_tokens: 1 } } };
    expect(sniffUsage({ event: 'message_start', data: JSON.stringify(start) })).toEqual({ inputTokens: 10, outputTokens: 1, cachedTokens: 3 });
    const delta = { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 99 } };
    expect(sniffUsage({ event: 'message_delta', data: JSON.stringify(delta) })).toEqual({ inputTokens: 0, outputTokens: 99 });
    // A text delta that merely mentions usage is not a usage event.
    const text = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'the "usage" field' } };
    expect(sniffUsage({ event: 'content_block_delta', data: JSON.stringify(text) })).toBeUndefined();
    expect(sniffUsage({ event: 'ping', data: '{"type":"ping"}' })).toBeUndefined();
    expect(sniffUsage({ event: 'message_delta', data: '{"usage": broken' })).toBeUndefined();
  });
});
