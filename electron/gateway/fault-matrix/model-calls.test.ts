import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultTestConfig, startHarness, type Harness } from '../testing/gateway-harness.js';
import { until } from '../testing/task-helpers.js';
import type { UsageRow } from '../store/usage-ledger.js';

// What the gateway does when a model call meets a fault: one line per fault, read as
// "fault -> what the client and the usage ledger see". Real SDKs where their reading matters.

const CHAT_KEY = 'sk-upstream-chat-secret';
const RESP_KEY = 'sk-upstream-resp-secret';
const ANTHROPIC_KEY = 'sk-ant-upstream-secret';

/** The next usage row written, awaited instead of slept for. */
function nextUsage(h: Harness): Promise<UsageRow> {
  return new Promise((resolve) => {
    const off = h.gateway.services.bus.on('usage.recorded', (row) => {
      off();
      resolve(row as UsageRow);
    });
  });
}

const clients = (h: Harness) => ({
  openai: new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 }),
  anthropic: new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 }),
});

const post = (h: Harness, path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });

/** Every SSE frame of a Responses stream as parsed JSON. */
const responsesEvents = (text: string) =>
  text
    .trim()
    .split('\n\n')
    .map((frame) => JSON.parse(frame.split('\n').find((line) => line.startsWith('data: '))!.slice('data: '.length)) as Record<string, any>);

/** Reads a stream to its end through the SDK; resolves with the text seen and the error it threw, if any. */
async function drain(stream: AsyncIterable<unknown>, textOf: (event: any) => string): Promise<{ text: string; error?: Error }> {
  let text = '';
  try {
    for await (const event of stream) text += textOf(event);
    return { text };
  } catch (error) {
    return { text, error: error as Error };
  }
}

const chatText = (chunk: OpenAI.ChatCompletionChunk) => chunk.choices[0]?.delta.content ?? '';
const responsesText = (event: { type: string; delta?: string }) => (event.type === 'response.output_text.delta' ? event.delta ?? '' : '');
const messagesText = (event: Anthropic.MessageStreamEvent) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : '');

describe('one gateway, three providers (one per protocol)', () => {
  let h: Harness;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    h = await startHarness({ config: (url) => ({ ...defaultTestConfig(url), resilience: { retries: 0, breakerThreshold: 100 } }) });
    ({ openai, anthropic } = clients(h));
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.reset());

  describe('pass-through streams that end early', () => {
    it('a chat stream that ends without a finish_reason or [DONE] -> the SDK throws, the usage row says truncated', async () => {
      h.upstream.script({ fault: 'end-early', text: 'one two three' });
      const usage = nextUsage(h);
      const stream = await openai.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'go' }], stream: true });
      const { text, error } = await drain(stream, chatText);
      expect(text).toBe('one two three');
      expect(error?.message).toMatch(/truncated/);
      expect(await usage).toMatchObject({ provider: 'chatty', status: 502, error: expect.stringMatching(/truncated/) });
    });

    it('a messages stream that ends without message_stop -> an Anthropic error event, the usage row says truncated', async () => {
      h.upstream.script({ fault: 'end-early', text: 'one two three' }, { fault: 'end-early', text: 'one two three' });
      const usage = nextUsage(h);
      const body = { model: 'via-anthropic', max_tokens: 50, stream: true as const, messages: [{ role: 'user' as const, content: 'go' }] };
      const raw = await (await post(h, '/v1/messages', body)).text();
      expect(raw).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*truncated[^"]*"\}\}\n\n$/);
      expect(await usage).toMatchObject({ provider: 'anthro', status: 502, error: expect.stringMatching(/truncated/) });
      const { text, error } = await drain(await anthropic.messages.create(body), messagesText);
      expect(text).toBe('one two three');
      expect(error?.message).toMatch(/truncated/);
    });

    it('a Responses stream that ends without response.completed -> error and response.failed events, the usage row says truncated', async () => {
      h.upstream.script({ fault: 'end-early', text: 'one two three' });
      const usage = nextUsage(h);
      const stream = await openai.responses.create({ model: 'via-responses', input: 'go', stream: true });
      const { text, error } = await drain(stream, responsesText);
      expect(text).toBe('one two three');
      expect(error?.message).toMatch(/truncated/);
      expect(await usage).toMatchObject({ provider: 'respy', status: 502, error: expect.stringMatching(/truncated/) });
    });

    it('a complete pass-through stream -> no error event, the usage row says 200', async () => {
      const usage = nextUsage(h);
      const stream = await openai.responses.create({ model: 'via-responses', input: 'go', stream: true });
      expect(await drain(stream, responsesText)).toEqual({ text: 'ok' });
      expect(await usage).toMatchObject({ status: 200, error: null });
    });

    it('an in-band error event from a pass-through upstream -> relayed to the client, the usage row says 502', async () => {
      h.upstream.script({ fault: 'error-mid-stream', text: 'one two three four', message: 'overloaded, try later' });
      const usage = nextUsage(h);
      const stream = anthropic.messages.stream({ model: 'via-anthropic', max_tokens: 50, messages: [{ role: 'user', content: 'go' }] });
      await expect(stream.finalMessage()).rejects.toThrow(/overloaded, try later/);
      expect(await usage).toMatchObject({ status: 502, error: expect.stringMatching(/overloaded, try later/) });
    });
  });

  describe('Responses stream failures keep the response in flight', () => {
    it.each([
      ['translated (chat upstream)', 'via-chat'],
      ['pass-through (Responses upstream)', 'via-responses'],
    ])('a %s stream that dies mid-way -> error and response.failed continue sequence_number, same id and model', async (_name, model) => {
      h.upstream.script({ fault: 'reset-mid-stream', text: 'alpha beta gamma delta epsilon zeta' });
      const response = await post(h, '/v1/responses', { model, input: 'go', stream: true });
      const events = responsesEvents(await response.text());
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
      const [created, failed] = [events[0]!, events.at(-1)!];
      expect(events.at(-2)).toMatchObject({ type: 'error' });
      expect(failed).toMatchObject({ type: 'response.failed', response: { id: created.response.id, model: created.response.model, status: 'failed' } });
      expect(failed.response.model).not.toBe('');
    });

    it('a pass-through Responses stream that ends early -> the failure continues its sequence, same id', async () => {
      h.upstream.script({ fault: 'end-early', text: 'alpha beta' });
      const events = responsesEvents(await (await post(h, '/v1/responses', { model: 'via-responses', input: 'go', stream: true })).text());
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
      expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { id: events[0]!.response.id, model: 'resp-model' } });
    });
  });

  describe('secrets an upstream echoes', () => {
    const echoKey = (key: string) => JSON.stringify({ error: { message: `invalid key ${key} for this project`, type: 'invalid_request_error' } });
    const cases = [
      ['chat', 'via-chat', CHAT_KEY],
      ['responses', 'via-responses', RESP_KEY],
      ['messages', 'via-anthropic', ANTHROPIC_KEY],
    ] as const;
    const call = (protocol: (typeof cases)[number][0], model: string, stream: boolean) => {
      if (protocol === 'chat') return post(h, '/v1/chat/completions', { model, stream, messages: [{ role: 'user', content: 'hi' }] });
      if (protocol === 'responses') return post(h, '/v1/responses', { model, stream, input: 'hi' });
      return post(h, '/v1/messages', { model, stream, max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
    };

    for (const stream of [false, true]) {
      it.each(cases)(`a %s call (${stream ? 'streaming' : 'not streaming'}) whose upstream 401 echoes the provider key -> client and usage row see *** instead`, async (protocol, model, key) => {
        h.upstream.script({ fault: 'status', status: 401, body: echoKey(key) });
        const usage = nextUsage(h);
        const response = await call(protocol, model, stream);
        const text = await response.text();
        expect(response.status).toBe(502);
        expect(text).toContain('invalid key *** for this project');
        expect(text).not.toContain(key);
        const row = await usage;
        expect(row.error).toContain('invalid key ***');
        expect(row.error).not.toContain(key);
      });
    }

    it('an in-band stream error echoing the provider key -> relayed with the key replaced, in the client and the ledger', async () => {
      h.upstream.script({ fault: 'error-mid-stream', text: 'a b c d', message: `key ${CHAT_KEY} is over quota` });
      const usage = nextUsage(h);
      const stream = await openai.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'go' }], stream: true });
      const { error } = await drain(stream, chatText);
      expect(error?.message).toContain('key *** is over quota');
      expect((await usage).error).toBe('chatty: key *** is over quota');
      expect(JSON.stringify(h.gateway.services.ledger.recent(5))).not.toContain(CHAT_KEY);
    });

    it('a translated stream whose upstream error event echoes the key -> the client error event has *** instead', async () => {
      h.upstream.script({ fault: 'error-mid-stream', text: 'a b c d', message: `key ${ANTHROPIC_KEY} is over quota` });
      const response = await post(h, '/v1/responses', { model: 'via-anthropic', input: 'go', stream: true });
      const text = await response.text();
      expect(text).toContain('key *** is over quota');
      expect(text).not.toContain(ANTHROPIC_KEY);
    });
  });

  describe('Retry-After', () => {
    it('an upstream 429 with Retry-After: 30 the gateway will not wait for -> the client gets retry-after: 30 and retry-after-ms', async () => {
      h.upstream.script({ fault: 'status', status: 429, retryAfter: 30, retryAfterMs: 30_000 });
      const error = (await openai.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(error.status).toBe(429);
      expect([error.headers?.get('retry-after'), error.headers?.get('retry-after-ms')]).toEqual(['30', '30000']);
    });

    it('an upstream 429 with only Retry-After -> forwarded as is to an Anthropic client', async () => {
      h.upstream.script({ fault: 'status', status: 429, retryAfter: 12 });
      const error = (await anthropic.messages.create({ model: 'via-anthropic', max_tokens: 9, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
      expect(error.status).toBe(429);
      expect(error.headers?.get('retry-after')).toBe('12');
    });
  });
});

describe('circuit breaker half-open trials', () => {
  let h: Harness;
  let openai: OpenAI;

  const provider = (id: string, url: string) => ({ id, type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: `key-${id}`, models: [`${id}-model`] });
  beforeAll(async () => {
    h = await startHarness({
      config: (url) => ({
        providers: ['trial-400', 'trial-abort', 'trial-health'].map((id) => provider(id, url)),
        routes: ['trial-400', 'trial-abort', 'trial-health'].map((id) => ({ match: id, to: [id] })),
        resilience: { retries: 0, breakerThreshold: 1, breakerCooldownMs: 150 },
      }),
    });
    ({ openai } = clients(h));
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.reset());

  const ask = (model: string, signal?: AbortSignal) => openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }, { signal });
  const health = async () =>
    (await fetch(`${h.url}/model-gateway/health`, { headers: { authorization: `Bearer ${h.token}` } }).then((r) => r.json())) as {
      status: string;
      providers_available: { id: string; circuit: string }[];
      providers_unavailable: { id: string; circuit: string; reason: string }[];
    };
  const entry = async (id: string) => {
    const body = await health();
    return [...body.providers_available, ...body.providers_unavailable].find((provider) => provider.id === id)!;
  };
  /** Opens the provider's breaker with one 500, then waits out the cooldown. */
  async function halfOpen(id: string) {
    h.upstream.script({ fault: 'status', status: 500 });
    await expect(ask(id)).rejects.toMatchObject({ status: 502 });
    expect(await entry(id)).toMatchObject({ circuit: 'open' });
    await until(async () => (await entry(id)).circuit === 'half-open', 3_000, `${id} half-open`);
  }

  it('a half-open trial that gets a 400 -> breaker closes, next call goes through', async () => {
    await halfOpen('trial-400');
    h.upstream.script({ fault: 'status', status: 400, body: JSON.stringify({ error: { message: 'bad tool schema' } }) });
    await expect(ask('trial-400')).rejects.toMatchObject({ status: 400 });
    expect(await entry('trial-400')).toMatchObject({ circuit: 'closed' });
    expect((await ask('trial-400')).choices[0]!.message.content).toBe('ok');
  });

  it('a half-open trial whose client disconnects -> the trial is released without a verdict, the next call is the new trial', async () => {
    await halfOpen('trial-abort');
    h.upstream.script({ fault: 'hang' });
    const controller = new AbortController();
    const abandoned = ask('trial-abort', controller.signal).catch((e: unknown) => e);
    await until(() => h.upstream.inFlight() === 1, 3_000, 'trial at the upstream');
    controller.abort();
    await abandoned;
    await h.upstream.waitForAbort();
    expect(await entry('trial-abort')).toMatchObject({ circuit: 'half-open' });
    expect((await ask('trial-abort')).choices[0]!.message.content).toBe('ok');
    expect(await entry('trial-abort')).toMatchObject({ circuit: 'closed' });
  });

  it('a half-open trial in flight -> health says half-open and unavailable (not healthy) until it ends', async () => {
    await halfOpen('trial-health');
    h.upstream.script({ fault: 'slow', text: 'late answer', chunkDelayMs: 100, chunks: 2 });
    const trial = ask('trial-health');
    await until(() => h.upstream.inFlight() === 1, 3_000, 'trial at the upstream');
    const during = await health();
    expect(during.providers_unavailable.find((p) => p.id === 'trial-health')).toMatchObject({ circuit: 'half-open', reason: expect.stringMatching(/trial/) });
    await expect(ask('trial-health')).rejects.toMatchObject({ status: 503 });
    expect((await trial).choices[0]!.message.content).toBe('late answer');
    expect(await entry('trial-health')).toMatchObject({ circuit: 'closed' });
  });
});

describe('memory limits', () => {
  let h: Harness;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    h = await startHarness({
      config: (url) => ({
        ...defaultTestConfig(url),
        resilience: { retries: 0, breakerThreshold: 100 },
        limits: { sseLineBytes: 4096, upstreamBodyBytes: 8192, inflightRequestBytes: 100_000 },
      }),
    });
    ({ openai, anthropic } = clients(h));
  });
  afterAll(() => h.close());
  beforeEach(() => h.upstream.reset());

  it('an upstream SSE line over limits.sseLineBytes -> the stream ends with an error event naming the limit; the usage row says why', async () => {
    h.upstream.script({ text: `short ${'x'.repeat(10_000)}` });
    const usage = nextUsage(h);
    const stream = await openai.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'go' }], stream: true });
    const { text, error } = await drain(stream, chatText);
    expect(text).toBe('short');
    expect(error?.message).toMatch(/limits\.sseLineBytes/);
    expect(await usage).toMatchObject({ status: 502, error: expect.stringMatching(/4096-byte limit \(limits\.sseLineBytes\)/) });
  });

  it('an upstream JSON body over limits.upstreamBodyBytes -> a 502 in the client protocol; the usage row says why', async () => {
    h.upstream.script({ text: 'word '.repeat(3_000) });
    const usage = nextUsage(h);
    const error = (await anthropic.messages.create({ model: 'via-chat', max_tokens: 9, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(502);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringMatching(/limits\.upstreamBodyBytes/) } });
    expect(await usage).toMatchObject({ status: 502, error: expect.stringMatching(/8192-byte limit \(limits\.upstreamBodyBytes\)/) });
  });

  it('request bodies in flight over limits.inflightRequestBytes -> 503 with Retry-After until one finishes', async () => {
    const big = { model: 'via-chat', messages: [{ role: 'user', content: 'x'.repeat(60_000) }] };
    h.upstream.script({ fault: 'hang' });
    const controller = new AbortController();
    const first = post(h, '/v1/chat/completions', big, { signal: controller.signal }).catch((e: unknown) => e);
    await until(() => h.upstream.inFlight() === 1, 3_000, 'first call at the upstream');
    const refused = await post(h, '/v1/chat/completions', big);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringMatching(/limits\.inflightRequestBytes/) } });
    controller.abort();
    await first;
    await h.upstream.waitForAbort();
    expect((await post(h, '/v1/chat/completions', big)).status).toBe(200);
  });

  it('one request body larger than limits.inflightRequestBytes -> 413', async () => {
    const response = await post(h, '/v1/messages', { model: 'via-anthropic', max_tokens: 9, messages: [{ role: 'user', content: 'x'.repeat(150_000) }] });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
  });
});
