import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.upstream.reset());

it('aborts the upstream call as soon as the client goes away', async () => {
  h.upstream.script({ fault: 'slow', text: 'one two three four five six seven eight', chunkDelayMs: 200, chunks: 8 });
  const client = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
  const controller = new AbortController();
  const stream = await client.chat.completions.create(
    { model: 'via-chat', messages: [{ role: 'user', content: 'go' }], stream: true },
    { signal: controller.signal },
  );
  const aborted = h.upstream.waitForAbort(3_000);
  let abortedAt = 0;
  let chunks = 0;
  try {
    for await (const _chunk of stream) {
      chunks += 1;
      abortedAt = performance.now();
      controller.abort();
    }
  } catch {
    // an aborted stream may end quietly or throw, depending on the SDK version
  }
  expect(chunks).toBe(1);
  const info = await aborted;
  expect(info.kind).toBe('slow');
  expect(performance.now() - abortedAt).toBeLessThan(1_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(h.gateway.services.ledger.recent(1)[0]).toMatchObject({ status: 499, provider: 'chatty' });
});

it('ends an OpenAI stream with an error when the upstream dies mid-stream', async () => {
  h.upstream.script({ fault: 'reset-mid-stream', text: 'alpha beta gamma delta epsilon zeta' });
  const client = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'go' }], stream: true });
  let text = '';
  await expect(
    (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })(),
  ).rejects.toThrow(/stream failed/);
  expect(text.length).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(h.gateway.services.ledger.recent(1)[0]).toMatchObject({ status: 502 });
});

it('ends an Anthropic stream with an error event when a translated upstream dies mid-stream', async () => {
  h.upstream.script({ fault: 'reset-mid-stream', text: 'alpha beta gamma delta epsilon zeta' });
  const client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  const stream = client.messages.stream({ model: 'via-chat', max_tokens: 100, messages: [{ role: 'user', content: 'go' }] });
  await expect(stream.finalMessage()).rejects.toThrow(/stream failed/);
});

it('falls back when a stream fails before its first byte', async () => {
  await h.close();
  h = await startHarness({
    config: (url) => ({
      providers: [
        { id: 'a', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'key-a', models: ['m'] },
        { id: 'b', type: 'anthropic', baseUrl: url, apiKey: 'key-b', models: ['claude-x'] },
      ],
      routes: [{ match: 'm', to: ['a', 'b:claude-x'] }],
      resilience: { retries: 0 },
    }),
  });
  h.upstream.script({ fault: 'status', status: 503 }, { text: 'served by anthropic' });
  const client = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'go' }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  expect(text).toBe('served by anthropic');
  expect(h.upstream.requests.map((req) => req.protocol)).toEqual(['chat', 'messages']);
});
