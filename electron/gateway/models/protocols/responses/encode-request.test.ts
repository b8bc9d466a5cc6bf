import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { encodeRequest } from './encode-request.js';
import { usageOf } from './usage.js';
import { fixtureJson, newDecodeContext } from './test-support.js';

const request: CanonicalRequest = {
  model: 'client-model',
  system: 'Be brief.',
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }, { type: 'image', mediaType: 'image/jpeg', data: 'AAAA' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'from claude', signature: 'sig' },
        { type: 'reasoning', text: 'from openai', encrypted: 'gAAA' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool_result', callId: 'call_1', content: '18C' }] },
  ],
  tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
  toolChoice: { name: 'get_weather' },
  parallelToolCalls: false,
  maxTokens: 500,
  temperature: 0.3,
  stop: ['END'],
  stream: true,
  reasoning: { budgetTokens: 4000 },
};

describe('encodeRequest (canonical -> openai-responses provider)', () => {
  const body = encodeRequest(request, 'gpt-5.1');

  it('writes a stateless Responses body', () => {
    expect(body).toMatchObject({
      model: 'gpt-5.1',
      instructions: 'Be brief.',
      stream: true,
      store: false,
      max_output_tokens: 500,
      temperature: 0.3,
      parallel_tool_calls: false,
      tool_choice: { type: 'function', name: 'get_weather' },
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: request.tools![0]!.parameters, strict: false }],
    });
    expect(body).not.toHaveProperty('stop');
  });

  it('turns messages into input items, keeping only OpenAI reasoning', () => {
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }, { type: 'input_image', image_url: 'data:image/jpeg;base64,AAAA', detail: 'auto' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'from openai' }], encrypted_content: 'gAAA' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '18C' },
    ]);
  });

  it('round-trips a Codex turn through decode and encode', () => {
    const decoded = decodeRequest(fixtureJson('codex-turn2.request.json'), newDecodeContext());
    const again = decodeRequest(encodeRequest(decoded, decoded.model), newDecodeContext());
    expect(again.messages).toEqual(decoded.messages);
    expect(again.system).toBe(decoded.system);
    expect(again.tools).toEqual(decoded.tools);
  });
});

describe('decodeResponse (openai-responses provider -> canonical)', () => {
  const body = {
    id: 'resp_1',
    object: 'response',
    status: 'completed',
    model: 'gpt-5.1',
    output: [
      { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'a' }, { type: 'summary_text', text: 'b' }], encrypted_content: 'gAAA' },
      { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] },
      { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'f', arguments: '{}' },
    ],
    usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 6, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 16 },
  };

  it('reads output items, stop reason and usage', () => {
    expect(decodeResponse(body)).toEqual({
      id: 'resp_1',
      model: 'gpt-5.1',
      content: [
        { type: 'reasoning', text: 'a\n\nb', encrypted: 'gAAA' },
        { type: 'text', text: 'Hi' },
        { type: 'tool_call', id: 'call_1', name: 'f', arguments: '{}' },
      ],
      stopReason: 'tool_calls',
      usage: { inputTokens: 10, outputTokens: 6, cachedTokens: 4, reasoningTokens: 2 },
    });
    expect(usageOf(body)).toEqual({ inputTokens: 10, outputTokens: 6, cachedTokens: 4, reasoningTokens: 2 });
  });

  it('maps incomplete and failed responses', () => {
    expect(decodeResponse({ ...body, output: [], status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }).stopReason).toBe('max_tokens');
    expect(decodeResponse({ ...body, output: [], status: 'incomplete', incomplete_details: { reason: 'content_filter' } }).stopReason).toBe('content_filter');
    expect(() => decodeResponse({ ...body, status: 'failed', error: { code: 'server_error', message: 'boom' } })).toThrow('boom');
    expect(usageOf({})).toBeUndefined();
  });
});
