import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedUpstream, type RecordedRequest, type ScriptedUpstream } from './upstream.js';

let upstream: ScriptedUpstream;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 });
});
afterEach(() => {
  upstream.reset();
  upstream.record = true;
});
afterAll(() => upstream.close());

const chatBody = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const post = (path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${upstream.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });

const chatText = async () => (await openai.chat.completions.create(chatBody)).choices[0]?.message.content;
const responsesText = async () => (await openai.responses.create({ model: 'm', input: 'hi' })).output_text;
const messagesText = async () => {
  const block = (await anthropic.messages.create({ model: 'm', max_tokens: 9, messages: chatBody.messages })).content[0];
  return block?.type === 'text' ? block.text : undefined;
};

describe('choosing replies', () => {
  it('consumes the script in order across protocols, then falls back to defaultReply', async () => {
    upstream.script({ text: 'first' }, { text: 'second' });
    upstream.script({ text: 'third' });
    upstream.defaultReply = { text: 'fallback' };

    expect(await messagesText()).toBe('first');
    expect(await chatText()).toBe('second');
    expect(await responsesText()).toBe('third');
    expect(await chatText()).toBe('fallback');
    expect(upstream.requests.map((r) => r.protocol)).toEqual(['messages', 'chat', 'responses', 'chat']);
  });

  it('asks the handler per request once the queue is empty', async () => {
    const hasToolResult = (req: RecordedRequest) =>
      (req.body.messages as { role: string }[]).some((m) => m.role === 'tool');
    upstream.setHandler((req) =>
      hasToolResult(req) ? { text: 'done' } : { toolCall: { name: 'ls', arguments: { dir: '.' } } },
    );
    upstream.script({ text: 'scripted wins' });

    expect(await chatText()).toBe('scripted wins');
    const first = await openai.chat.completions.create(chatBody);
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('ls');
    const second = await openai.chat.completions.create({
      model: 'm',
      messages: [
        ...chatBody.messages,
        { role: 'assistant', content: null, tool_calls: first.choices[0]?.message.tool_calls },
        { role: 'tool', tool_call_id: call?.id ?? '', content: 'a.txt' },
      ],
    });
    expect(second.choices[0]?.message.content).toBe('done');
  });

  it('falls through to defaultReply when the handler returns undefined', async () => {
    upstream.setHandler(() => undefined);
    expect(await chatText()).toBe('ok');
  });
});

describe('recording', () => {
  it('records method, path without query, headers, parsed body and the reply chosen', async () => {
    await anthropic.messages.create({ model: 'm', max_tokens: 9, messages: chatBody.messages }, { query: { beta: 'true' } });
    const [req] = upstream.requests;
    expect(req).toMatchObject({ protocol: 'messages', method: 'POST', path: '/v1/messages', reply: { text: 'ok' } });
    expect(req?.headers['anthropic-version']).toBeTruthy();
    // this SDK version sends the key as a bearer token, older ones as x-api-key
    expect(req?.headers.authorization ?? req?.headers['x-api-key']).toContain('sk-ant-test');
    expect(req?.body).toMatchObject({ model: 'm', max_tokens: 9 });
  });

  it('records nothing while record is off', async () => {
    upstream.record = false;
    expect(await chatText()).toBe('ok');
    expect(upstream.requests).toEqual([]);
  });

  it('answers a body that is not JSON with 400 in the protocol error shape', async () => {
    const res = await post('/v1/messages', '{not json');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(upstream.requests[0]?.body).toBe('{not json');
  });

  it('lists models for OpenAI clients and 404s unknown paths', async () => {
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['fake-model']);
    const missing = await post('/v1/nope', {});
    expect(missing.status).toBe(404);
    expect(upstream.requests.map((r) => r.protocol)).toEqual(['other', 'other']);
  });
});

describe('status faults', () => {
  it('answers 429 with a Retry-After header and an OpenAI error body', async () => {
    upstream.script({ fault: 'status', status: 429, retryAfter: 7 });
    const res = await post('/v1/chat/completions', chatBody);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
  });

  it('sends retry-after-ms beside Retry-After when asked', async () => {
    upstream.script({ fault: 'status', status: 429, retryAfter: 30, retryAfterMs: 30_000 });
    const res = await post('/v1/responses', { model: 'm', input: 'x' });
    expect([res.headers.get('retry-after'), res.headers.get('retry-after-ms')]).toEqual(['30', '30000']);
  });

  it('answers 429 in the Anthropic error shape on /v1/messages', async () => {
    upstream.script({ fault: 'status', status: 429, retryAfter: 2 });
    const error = await anthropic.messages.create({ model: 'm', max_tokens: 9, messages: chatBody.messages }).catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('2');
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('answers 500 that the SDK surfaces as InternalServerError, and a verbatim body when given', async () => {
    upstream.script({ fault: 'status', status: 500 }, { fault: 'status', status: 503, body: 'upstream down' });
    await expect(openai.responses.create({ model: 'm', input: 'x' })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const res = await post('/v1/responses', { model: 'm', input: 'x' });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('upstream down');
  });
});

describe('connection faults', () => {
  it('hangs until the client gives up, and reports the client closing', async () => {
    upstream.script({ fault: 'hang' });
    const request = post('/v1/chat/completions', chatBody, { signal: AbortSignal.timeout(150) });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
    const abort = await upstream.waitForAbort(2000);
    expect(abort).toMatchObject({ protocol: 'chat', path: '/v1/chat/completions', kind: 'hang' });
    expect(abort.elapsedMs).toBeGreaterThanOrEqual(100);
    expect(upstream.inFlight()).toBe(0);
  });

  it('counts in-flight requests and open sockets while hanging, and tells onAbort listeners', async () => {
    upstream.script({ fault: 'hang' });
    const seen: string[] = [];
    const unsubscribe = upstream.onAbort((info) => seen.push(info.kind));
    const controller = new AbortController();
    const request = post('/v1/messages', { model: 'm', messages: [] }, { signal: controller.signal }).catch((e) => e);
    while (upstream.inFlight() === 0) await new Promise((r) => setImmediate(r));
    expect(upstream.openSockets()).toBeGreaterThanOrEqual(1);
    controller.abort();
    await request;
    await upstream.waitForAbort();
    unsubscribe();
    expect(seen).toEqual(['hang']);
    expect(upstream.inFlight()).toBe(0);
  });

  it('resets a stream mid-way: the SDK sees some deltas, then an error', async () => {
    upstream.script({ fault: 'reset-mid-stream', text: 'a b c d e f' });
    const stream = await openai.chat.completions.create({ ...chatBody, stream: true });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(received.join('')).toBe('a b c');
    expect(upstream.inFlight()).toBe(0);
  });

  it('resets a non-streaming answer mid-body', async () => {
    upstream.script({ fault: 'reset-mid-stream', text: 'a b c d e f' });
    await expect(messagesText()).rejects.toThrow();
    // the fake cut the connection itself: that is not a client abort
    await expect(upstream.waitForAbort(100)).rejects.toThrow(/no client abort/);
  });
});

describe('streams that end wrongly', () => {
  it('ends a stream cleanly without its terminal events', async () => {
    upstream.script({ fault: 'end-early', text: 'a b' }, { fault: 'end-early', text: 'a b' }, { fault: 'end-early', text: 'a b' });
    const chat = await (await post('/v1/chat/completions', { ...chatBody, stream: true })).text();
    expect(chat).toContain('"content":" b"');
    expect(chat).not.toMatch(/finish_reason":"stop|\[DONE\]/);
    const messages = await (await post('/v1/messages', { ...chatBody, max_tokens: 9, stream: true })).text();
    expect(messages).toContain('content_block_stop');
    expect(messages).not.toMatch(/message_delta|message_stop/);
    const responses = await (await post('/v1/responses', { model: 'm', input: 'x', stream: true })).text();
    expect(responses).toContain('response.output_item.done');
    expect(responses).not.toContain('response.completed');
  });

  it('cuts a JSON answer in half with a matching content-length', async () => {
    upstream.script({ fault: 'end-early', text: 'a b c' });
    const res = await post('/v1/chat/completions', chatBody);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBe(Number(res.headers.get('content-length')));
    expect(() => JSON.parse(text)).toThrow();
  });

  it('streams half the deltas, then the in-band error the SDKs throw on', async () => {
    upstream.script({ fault: 'error-mid-stream', text: 'a b c d', message: 'overloaded now' });
    const stream = await openai.chat.completions.create({ ...chatBody, stream: true });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow(/overloaded now/);
    expect(received.join('')).toBe('a b');
    upstream.script({ fault: 'error-mid-stream', text: 'a b c d', message: 'overloaded now' });
    await expect(anthropic.messages.stream({ model: 'm', max_tokens: 9, messages: chatBody.messages }).finalMessage()).rejects.toThrow(/overloaded now/);
  });

  it('numbers a Responses failure on from the events before it, for the same response', async () => {
    upstream.script({ fault: 'error-mid-stream', text: 'a b c d', message: 'overloaded now' });
    const text = await (await post('/v1/responses', { model: 'm', input: 'x', stream: true })).text();
    const events = text.trim().split('\n\n').map((frame) => JSON.parse(frame.split('\n')[1]!.slice('data: '.length)));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { id: events[0].response.id, status: 'failed' } });
  });
});

describe('paced streams', () => {
  it('spaces text deltas by chunkDelayMs', async () => {
    upstream.script({ fault: 'slow', text: 'aaaabbbbccccdddd', chunkDelayMs: 60, chunks: 4 });
    const started = performance.now();
    const stream = await openai.chat.completions.create({ ...chatBody, stream: true });
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (!piece) continue;
      arrivals.push(performance.now() - started);
      text += piece;
    }
    expect(text).toBe('aaaabbbbccccdddd');
    expect(arrivals).toHaveLength(4);
    // Delta i cannot leave before (i + 1) delays; a lower bound stays true on a loaded machine.
    arrivals.forEach((at, i) => expect(at).toBeGreaterThanOrEqual((i + 1) * 60 - 5));
  });

  it('stops pacing and reports the abort when the client leaves mid-stream', async () => {
    upstream.script({ fault: 'slow', text: 'x'.repeat(100), chunkDelayMs: 30, chunks: 100 });
    const controller = new AbortController();
    const stream = await openai.responses.create(
      { model: 'm', input: 'x', stream: true },
      { signal: controller.signal },
    );
    let deltas = 0;
    const reading = (async () => {
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta' && ++deltas === 2) controller.abort();
      }
    })().catch(() => undefined);
    await reading;
    const abort = await upstream.waitForAbort();
    expect(abort).toMatchObject({ protocol: 'responses', kind: 'slow' });
    expect(abort.elapsedMs).toBeLessThan(1000);
    expect(upstream.inFlight()).toBe(0);
  });

  it('delays a non-streaming answer by the whole stream duration', async () => {
    upstream.script({ fault: 'slow', text: 'late', chunkDelayMs: 40, chunks: 3 });
    const started = performance.now();
    expect(await messagesText()).toBe('late');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('wire details a raw client sees', () => {
  it('sends Anthropic ping events and event names matching each data type', async () => {
    const res = await post('/v1/messages', { model: 'm', max_tokens: 9, messages: [], stream: true });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = (await res.text()).trim().split('\n\n');
    expect(frames[1]).toBe('event: ping\ndata: {"type":"ping"}');
    for (const frame of frames) {
      const [event, data] = frame.split('\n');
      expect(JSON.parse(data?.slice('data: '.length) ?? '').type).toBe(event?.slice('event: '.length));
    }
  });

  it('ends chat streams with data: [DONE]', async () => {
    const res = await post('/chat/completions', { ...chatBody, stream: true });
    expect((await res.text()).endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

describe('lifecycle', () => {
  it('reset() drops the queue, the handler and the records, and restores defaultReply', async () => {
    upstream.script({ text: 'stale' });
    upstream.setHandler(() => ({ text: 'handled' }));
    upstream.defaultReply = { text: 'custom' };
    await post('/v1/nope', {});
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    expect(await chatText()).toBe('ok');
  });

  it('close() ends hanging and paced requests at once, without reporting them as aborts', async () => {
    const own = await startScriptedUpstream();
    own.script({ fault: 'hang' }, { fault: 'slow', text: 'abc', chunkDelayMs: 10_000, chunks: 3 });
    const aborts: unknown[] = [];
    own.onAbort((info) => aborts.push(info));
    const send = (body: unknown) =>
      fetch(`${own.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.text());
    const hanging = send(chatBody).catch((e: unknown) => e);
    const paced = send({ ...chatBody, stream: true }).catch((e: unknown) => e);
    while (own.inFlight() < 2) await new Promise((r) => setImmediate(r));

    const started = performance.now();
    await own.close();
    expect(await hanging).toBeInstanceOf(Error);
    expect(await paced).toBeInstanceOf(Error);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(own.openSockets()).toBe(0);
    expect(aborts).toEqual([]);
  });
});
