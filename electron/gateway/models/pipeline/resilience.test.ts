import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';

let h: Harness;
let client: OpenAI;

const provider = (id: string, url: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'openai-chat',
  baseUrl: `${url}/v1`,
  apiKey: `key-${id}`,
  models: [`${id}-model`],
  ...extra,
});

// A fresh gateway per test: breakers and rate limits must not carry over between cases.
beforeEach(async () => {
  h = await startHarness({
    config: (url) => ({
      providers: [
        provider('first', url),
        provider('second', url),
        provider('slowpoke', url, { timeoutMs: 300 }),
        provider('flaky', url),
        provider('limited', url, { rpm: 1 }),
        provider('patient', url),
      ],
      routes: [
        { match: 'fallback', to: ['first', 'second'] },
        { match: 'timeout', to: ['slowpoke', 'second'] },
        { match: 'breaker', to: ['flaky', 'second'] },
        { match: 'limited', to: ['limited', 'second'] },
        { match: 'retry-after', to: ['patient'] },
      ],
      resilience: { retries: 1, retryBaseMs: 10, maxRetryAfterMs: 2_000, breakerThreshold: 2, breakerCooldownMs: 400 },
    }),
  });
  client = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
});
afterEach(() => h.close());

const ask = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
const keysSeen = () => h.upstream.requests.map((req) => String(req.headers.authorization).replace('Bearer key-', ''));
const lastUsage = () => h.gateway.services.ledger.recent(1)[0]!;

describe('fallback', () => {
  it.each([
    ['429', { fault: 'status', status: 429 } as const],
    ['500', { fault: 'status', status: 500 } as const],
    ['503', { fault: 'status', status: 503 } as const],
  ])('moves to the next target on %s', async (_name, fault) => {
    h.upstream.script(fault, { text: 'from second' });
    const answer = await ask('fallback');
    expect(answer.choices[0]!.message.content).toBe('from second');
    expect(keysSeen()).toEqual(['first', 'second']);
    expect(lastUsage()).toMatchObject({ provider: 'second', status: 200, attempts: 2 });
  });

  it('moves to the next target when a provider times out', async () => {
    h.upstream.script({ fault: 'hang' }, { text: 'rescued' });
    const started = Date.now();
    const answer = await ask('timeout');
    expect(answer.choices[0]!.message.content).toBe('rescued');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(keysSeen()).toEqual(['slowpoke', 'second']);
  });

  it('does not fall back on a 400: the request itself is wrong', async () => {
    h.upstream.script({ fault: 'status', status: 400, body: JSON.stringify({ error: { message: 'bad tool schema' } }) });
    await expect(ask('fallback')).rejects.toMatchObject({ status: 400 });
    expect(keysSeen()).toEqual(['first']);
  });

  it('skips a provider over its rpm limit', async () => {
    await ask('limited');
    await ask('limited');
    expect(keysSeen()).toEqual(['limited', 'second']);
    const health = await fetch(`${h.url}/model-gateway/health`, { headers: { authorization: `Bearer ${h.token}` } }).then((r) => r.json() as Promise<any>);
    expect(health.providers_unavailable.find((p: { id: string }) => p.id === 'limited').reason).toMatch(/rate limited/);
  });

  it('retries after the Retry-After the provider asked for', async () => {
    h.upstream.script({ fault: 'status', status: 429, retryAfter: 1 }, { text: 'patience pays' });
    const answer = await ask('retry-after');
    expect(answer.choices[0]!.message.content).toBe('patience pays');
    const [a, b] = h.upstream.requests;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
  });

  it('reports every failure when the whole chain fails', async () => {
    h.upstream.script({ fault: 'status', status: 500 }, { fault: 'status', status: 502 }, { fault: 'status', status: 500 }, { fault: 'status', status: 500 });
    const error = (await ask('fallback').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(String(error.message)).toMatch(/first answered 500.*second answered 502/);
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures, skips the provider, and closes after a good trial', async () => {
    h.upstream.script({ fault: 'status', status: 500 }, { text: 'a' }, { fault: 'status', status: 500 }, { text: 'b' });
    await ask('breaker');
    await ask('breaker');
    expect(keysSeen()).toEqual(['flaky', 'second', 'flaky', 'second']);
    const health = await fetch(`${h.url}/model-gateway/health`, { headers: { authorization: `Bearer ${h.token}` } }).then((r) => r.json() as Promise<any>);
    expect(health.providers_unavailable.find((p: { id: string }) => p.id === 'flaky')).toMatchObject({ circuit: 'open' });

    h.upstream.reset();
    await ask('breaker');
    expect(keysSeen()).toEqual(['second']);

    await new Promise((resolve) => setTimeout(resolve, 450));
    h.upstream.reset();
    const answer = await ask('breaker');
    expect(answer.choices[0]!.message.content).toBe('ok');
    expect(keysSeen()).toEqual(['flaky']);
    const after = await fetch(`${h.url}/model-gateway/health`, { headers: { authorization: `Bearer ${h.token}` } }).then((r) => r.json() as Promise<any>);
    expect(after.providers_available.find((p: { id: string }) => p.id === 'flaky')).toMatchObject({ circuit: 'closed' });
  });
});
