import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalResponse } from '../../canonical.js';
import { encodeResponse } from './encode-response.js';
import { errorBody } from './errors.js';
import { encodeContext, serve } from './test-support.js';

let server: Awaited<ReturnType<typeof serve>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const canonical: CanonicalResponse = {
  id: 'chatcmpl-9',
  model: 'upstream-model',
  content: [
    { type: 'reasoning', text: 'Think first.' },
    { type: 'text', text: 'Hello ' },
    { type: 'text', text: 'world.' },
    { type: 'tool_call', id: 'call_7', name: 'lookup', arguments: '' },
  ],
  stopReason: 'tool_calls',
  usage: { inputTokens: 50, outputTokens: 20, cachedTokens: 10, reasoningTokens: 4 },
};

describe('encodeResponse', () => {
  it('is read by client.responses.create as a full Response', async () => {
    server = await serve(() => ({ contentType: 'application/json', body: JSON.stringify(encodeResponse(canonical, encodeContext({ stream: false }))) }));
    const client = new OpenAI({ apiKey: 'test', baseURL: server.baseURL, maxRetries: 0 });
    const res = await client.responses.create({ model: 'mesh-model', input: 'hi' });
    expect(res.id).toMatch(/^resp_/);
    expect(res.object).toBe('response');
    expect(res.status).toBe('completed');
    expect(res.model).toBe('mesh-model');
    expect(res.output_text).toBe('Hello world.');
    expect(res.output.map((i) => i.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(res.output[2]).toMatchObject({ call_id: 'call_7', name: 'lookup', arguments: '{}', status: 'completed', id: expect.stringMatching(/^fc_/) });
    expect(res.usage).toEqual({
      input_tokens: 50,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 4 },
      total_tokens: 70,
    });
  });

  it('marks a response cut by max_tokens as incomplete', () => {
    const body = encodeResponse({ ...canonical, stopReason: 'max_tokens' }, encodeContext());
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(body.completed_at).toBeUndefined();
  });

  it('errorBody is what the SDK turns into a typed error', async () => {
    server = await serve(() => ({ status: 400, contentType: 'application/json', body: JSON.stringify(errorBody(400, 'INVALID_REQUEST', 'input is required')) }));
    const client = new OpenAI({ apiKey: 'test', baseURL: server.baseURL, maxRetries: 0 });
    const error = await client.responses.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('input is required');
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('invalid_request');
    expect(errorBody(503, 'CONTEXT_LENGTH_EXCEEDED', 'too long')).toEqual({
      error: { message: 'too long', type: 'server_error', code: 'context_length_exceeded', param: null },
    });
  });
});
