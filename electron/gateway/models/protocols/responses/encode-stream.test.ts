import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical.js';
import { parseSse } from '../../sse.js';
import { encodeStream } from './encode-stream.js';
import { streamErrorFrame } from './errors.js';
import { collect, encodeContext, events, iterate, serve } from './test-support.js';

type Served = Awaited<ReturnType<typeof serve>>;
let server: Served | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the encoder's output for `source` and returns an SDK client pointed at it. */
async function clientFor(source: () => AsyncIterable<StreamEvent>, request = {}) {
  server = await serve(() => ({ contentType: 'text/event-stream', body: encodeStream(source(), encodeContext(request)) }));
  return new OpenAI({ apiKey: 'test', baseURL: server.baseURL, maxRetries: 0 });
}

async function frames(source: AsyncIterable<StreamEvent>, request = {}) {
  const text = (await collect(encodeStream(source, encodeContext(request)))).join('');
  return (await collect(parseSse(iterate([text])))).map((e) => ({ event: e.event ?? '', data: JSON.parse(e.data) as Record<string, any> }));
}

const usage = { inputTokens: 120, outputTokens: 30, cachedTokens: 100, reasoningTokens: 7 };

// What a chat provider's decoder yields for "text, then a tool call".
const textThenCall = () =>
  events(
    { type: 'start', id: 'chatcmpl-1', model: 'upstream' },
    { type: 'text_delta', text: 'Let me ' },
    { type: 'text_delta', text: 'check.' },
    { type: 'tool_call_start', index: 0, id: 'call_1', name: 'get_weather' },
    { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
    { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
    { type: 'usage', usage: { inputTokens: 120, outputTokens: 0 } },
    { type: 'finish', stopReason: 'tool_calls', usage },
  );

describe('encodeStream: the event sequence', () => {
  it('writes every lifecycle, part and delta event with increasing sequence numbers', async () => {
    const out = await frames(textThenCall());
    expect(out.map((f) => f.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(out.map((f) => f.data.sequence_number)).toEqual(out.map((_, i) => i));
    for (const f of out) expect(f.data.type).toBe(f.event);
    const ids = new Set(out.filter((f) => f.data.response).map((f) => f.data.response.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^resp_/);
    const added = out[9]!.data.item;
    expect(added).toMatchObject({ type: 'function_call', status: 'in_progress', arguments: '', call_id: 'call_1', name: 'get_weather' });
    expect(out[13]!.data.item).toMatchObject({ id: added.id, status: 'completed', arguments: '{"city":"Paris"}' });
    expect(out[14]!.data.response).toMatchObject({
      status: 'completed',
      model: 'mesh-model',
      usage: { input_tokens: 120, input_tokens_details: { cached_tokens: 100 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 7 }, total_tokens: 150 },
    });
  });

  it('combines usage reported in pieces (input first, output at the end)', async () => {
    const out = await frames(
      events(
        { type: 'start', id: 'x', model: 'm' },
        { type: 'usage', usage: { inputTokens: 500, outputTokens: 0, cachedTokens: 200 } },
        { type: 'text_delta', text: 'ok' },
        { type: 'finish', stopReason: 'end', usage: { inputTokens: 0, outputTokens: 40 } },
      ),
    );
    expect(out.at(-1)!.data.response.usage).toEqual({
      input_tokens: 500,
      input_tokens_details: { cached_tokens: 200 },
      output_tokens: 40,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 540,
    });
  });

  it('closes the open item before opening another when text and calls interleave', async () => {
    const out = await frames(
      events(
        { type: 'start', id: 'x', model: 'm' },
        { type: 'reasoning_delta', text: 'thinking' },
        { type: 'text_delta', text: 'A' },
        { type: 'tool_call_start', index: 0, id: 'c0', name: 'f' },
        { type: 'tool_call_start', index: 1, id: 'c1', name: 'g' },
        { type: 'tool_call_delta', index: 1, arguments: '{"n":1}' },
        { type: 'text_delta', text: 'B' },
        { type: 'finish', stopReason: 'tool_calls' },
      ),
    );
    const lifecycle = out.filter((f) => f.event === 'response.output_item.added' || f.event === 'response.output_item.done');
    expect(lifecycle.map((f) => `${f.event.endsWith('added') ? '+' : '-'}${f.data.item.type}@${f.data.output_index}`)).toEqual([
      '+reasoning@0', '-reasoning@0', '+message@1', '-message@1', '+function_call@2', '-function_call@2',
      '+function_call@3', '-function_call@3', '+message@4', '-message@4',
    ]);
    // A call streamed without arguments still reaches the client as valid JSON.
    expect(lifecycle[5]!.data.item.arguments).toBe('{}');
    expect(out.at(-1)!.data.response.output.map((i: { type: string }) => i.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call', 'message']);
  });
});

describe('encodeStream consumed by the openai SDK', () => {
  it('client.responses.create({stream:true}) yields the text, the call and the usage', async () => {
    const client = await clientFor(textThenCall);
    const stream = await client.responses.create({ model: 'mesh-model', input: 'weather?', stream: true });
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe('Let me check.');
    expect(completed?.output[1]).toMatchObject({ type: 'function_call', name: 'get_weather', call_id: 'call_1', arguments: '{"city":"Paris"}' });
    expect(completed?.usage).toMatchObject({ input_tokens: 120, output_tokens: 30, total_tokens: 150 });
    expect(server?.bodies[0]).toMatchObject({ model: 'mesh-model', stream: true });
  });

  it('client.responses.stream() accumulates a final response the SDK validates', async () => {
    const client = await clientFor(textThenCall);
    const stream = client.responses.stream({ model: 'mesh-model', input: 'weather?' });
    const snapshots: string[] = [];
    stream.on('response.output_text.delta', (e) => snapshots.push(e.snapshot));
    const final = await stream.finalResponse();
    expect(snapshots).toEqual(['Let me ', 'Let me check.']);
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Let me check.');
    const call = final.output.find((i) => i.type === 'function_call');
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' });
    expect(final.usage?.input_tokens_details.cached_tokens).toBe(100);
    expect(final.usage?.output_tokens_details.reasoning_tokens).toBe(7);
  });

  it('streams reasoning as a summary the SDK assembles', async () => {
    const client = await clientFor(() =>
      events(
        { type: 'start', id: 'x', model: 'm' },
        { type: 'reasoning_delta', text: 'First ' },
        { type: 'reasoning_delta', text: 'think.', signature: 'sig-1' },
        { type: 'text_delta', text: 'Answer.' },
        { type: 'finish', stopReason: 'end' },
      ),
    );
    const final = await client.responses.stream({ model: 'mesh-model', input: 'q' }).finalResponse();
    expect(final.output[0]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'First think.' }],
      encrypted_content: 'agentmesh.signature.v1:sig-1',
    });
    expect(final.output_text).toBe('Answer.');
  });

  it('keeps two signed thinking blocks apart, each with its own signature', async () => {
    const out = await frames(
      events(
        { type: 'start', id: 'x', model: 'm' },
        { type: 'reasoning_delta', text: 'one' },
        { type: 'reasoning_delta', text: '', signature: 'S1' },
        { type: 'reasoning_delta', text: 'two' },
        { type: 'reasoning_delta', text: '', signature: 'S2' },
        { type: 'finish', stopReason: 'end' },
      ),
    );
    expect(out.at(-1)!.data.response.output).toEqual([
      expect.objectContaining({ summary: [{ type: 'summary_text', text: 'one' }], encrypted_content: 'agentmesh.signature.v1:S1' }),
      expect.objectContaining({ summary: [{ type: 'summary_text', text: 'two' }], encrypted_content: 'agentmesh.signature.v1:S2' }),
    ]);
  });

  it('reports max_tokens as an incomplete response', async () => {
    const client = await clientFor(() =>
      events({ type: 'start', id: 'x', model: 'm' }, { type: 'text_delta', text: 'cut' }, { type: 'finish', stopReason: 'max_tokens' }),
    );
    const final = await client.responses.stream({ model: 'mesh-model', input: 'q' }).finalResponse();
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final.output_text).toBe('cut');
  });

  it('turns an error mid-stream into error + response.failed, and the SDK throws', async () => {
    const failing = () =>
      events(
        { type: 'start', id: 'x', model: 'm' },
        { type: 'text_delta', text: 'partial' },
        { type: 'error', message: 'upstream went away', code: 'RATE_LIMITED' },
      );
    const out = await frames(failing());
    const failed = out.at(-1)!;
    expect(out.map((f) => f.event).slice(-2)).toEqual(['error', 'response.failed']);
    expect(failed.data.response).toMatchObject({ id: out[0]!.data.response.id, status: 'failed', error: { code: 'rate_limit_exceeded', message: 'upstream went away' } });

    const client = await clientFor(failing);
    const stream = await client.responses.create({ model: 'mesh-model', input: 'q', stream: true });
    const seen: string[] = [];
    await expect(async () => {
      for await (const event of stream) seen.push(event.type);
    }).rejects.toThrow(/upstream went away/);
    expect(seen).toContain('response.output_text.delta');
    await expect(client.responses.stream({ model: 'mesh-model', input: 'q' }).finalResponse()).rejects.toThrow(/upstream went away/);
  });

  it('fails the response when the source ends without a terminal event', async () => {
    const out = await frames(events({ type: 'start', id: 'x', model: 'm' }, { type: 'text_delta', text: 'x' }));
    expect(out.at(-1)).toMatchObject({ event: 'response.failed', data: { response: { status: 'failed', error: { code: 'stream_truncated' } } } });
  });

  it('streamErrorFrame alone makes the SDK throw with the message', async () => {
    server = await serve(() => ({ contentType: 'text/event-stream', body: streamErrorFrame('UPSTREAM_UNAVAILABLE', 'no provider answered') }));
    const client = new OpenAI({ apiKey: 'test', baseURL: server.baseURL, maxRetries: 0 });
    const stream = await client.responses.create({ model: 'm', input: 'q', stream: true });
    await expect(collect(stream)).rejects.toThrow(/no provider answered/);
  });
});
