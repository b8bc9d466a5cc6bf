import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTestConfig, startHarness, type Harness } from '../../testing/gateway-harness.js';
import { apiOf, type Api } from '../../testing/task-helpers.js';

// Four calls, as a user would make them, then read back from the request log.
let h: Harness;
let api: Api;
const config = (url: string, logging: object = { bodies: true, bodyMaxBytes: 2_048, keepBodies: 3 }) => ({
  ...defaultTestConfig(url),
  routes: [...defaultTestConfig(url).routes, { match: 'with-fallback', to: ['chatty:chat-model', 'anthro:claude-test'] }],
  logging,
});

async function chat(model: string, content: string): Promise<number> {
  const response = await fetch(`${h.v1}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'user-agent': 'request-log-test/1.0' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  h = await startHarness({ config: (url) => config(url) });
  api = apiOf(h);
  h.upstream.script({ text: 'plain answer', usage: { input: 1_000, output: 500 } });
  expect(await chat('via-chat', 'first question')).toBe(200);
  // chatty answers 500; the chain falls back to anthro, which answers.
  h.upstream.script({ fault: 'status', status: 500 }, { text: 'saved by the fallback' });
  expect(await chat('with-fallback', 'mention sk-upstream-chat-secret please')).toBe(200);
  expect(await chat('no-such-model', 'hello?')).toBe(404);
  expect(await chat('via-chat', 'x'.repeat(5_000))).toBe(200);
});
afterAll(() => h.close());

describe('the request log', () => {
  it('lists every model call newest first, with what the user needs to see', async () => {
    const { status, body } = await api('GET', '/model-gateway/requests');
    expect(status).toBe(200);
    expect(body.requests.map((entry: any) => [entry.requestedModel, entry.status])).toEqual([
      ['via-chat', 200],
      ['no-such-model', 404],
      ['with-fallback', 200],
      ['via-chat', 200],
    ]);
    const first = body.requests[3];
    expect(first).toMatchObject({
      client: 'request-log-test/1.0', inbound: 'chat', requestedModel: 'via-chat', provider: 'chatty', upstreamModel: 'chat-model', fallbacks: [],
      status: 200, error: null, inputTokens: 1_000, outputTokens: 500, costUsd: 0.002, attempts: 1, stream: false, taskId: null,
    });
    expect(first.ts).toBeGreaterThan(Date.now() - 60_000);
    expect(first.latencyMs).toBeGreaterThan(0);
    expect(first.ttfbMs).toBeGreaterThan(0);
    expect(body.requests[1]).toMatchObject({ provider: null, error: "The model 'no-such-model' does not exist or no route serves it" });
  });

  it('names each fallback taken and why', async () => {
    const { body } = await api('GET', '/model-gateway/requests?model=with-fallback');
    expect(body.requests).toHaveLength(1);
    expect(body.requests[0]).toMatchObject({ provider: 'anthro', upstreamModel: 'claude-test', attempts: 2, status: 200 });
    expect(body.requests[0].fallbacks).toEqual([{ provider: 'chatty', model: 'chat-model', reason: expect.stringMatching(/500/) }]);
  });

  it('filters by status, provider and model, and pages back with before', async () => {
    const list = async (query: string) => (await api('GET', `/model-gateway/requests?${query}`)).body;
    expect((await list('status=error')).requests.map((entry: any) => entry.status)).toEqual([404]);
    expect((await list('status=404')).requests).toHaveLength(1);
    expect((await list('status=ok')).requests).toHaveLength(3);
    expect((await list('provider=anthro')).requests.map((entry: any) => entry.requestedModel)).toEqual(['with-fallback']);
    expect((await list('model=chat-model')).requests).toHaveLength(2);
    const page = await list('limit=3');
    expect(page.requests).toHaveLength(3);
    const rest = await list(`limit=3&before=${page.next_before}`);
    expect(rest.requests.map((entry: any) => entry.requestedModel)).toEqual(['via-chat']);
    expect(rest.next_before).toBeNull();
    const since = await list(`after=${rest.requests[0].id}`);
    expect(since.requests.map((entry: any) => entry.requestedModel)).toEqual(['with-fallback', 'no-such-model', 'via-chat']);
    const bad = await api('GET', '/model-gateway/requests?status=teapot');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.status: an HTTP status, or ok, error, 2xx, 4xx or 5xx/);
  });

  it('serves the same log to the dashboard through the UI contract', async () => {
    const rows = await h.gateway.handlers['usage.requests']({ limit: 10, status: 'error' });
    expect(rows.map((entry) => entry.requestedModel)).toEqual(['no-such-model']);
  });

  it('keeps bodies only when asked, redacted, cut to size, and only for the last keepBodies calls', async () => {
    const { body: rows } = await api('GET', '/model-gateway/requests');
    // keepBodies: 3 of the 4 calls.
    expect(rows.requests.map((entry: any) => entry.hasBodies)).toEqual([true, true, true, false]);
    const fallback = rows.requests[2];
    const { body } = await api('GET', `/model-gateway/requests/${fallback.id}`);
    expect(body.bodies.request).toContain('mention');
    expect(body.bodies.request).not.toContain('sk-upstream-chat-secret');
    expect(body.bodies.response).toContain('saved by the fallback');
    const long = (await api('GET', `/model-gateway/requests/${rows.requests[0].id}`)).body;
    expect(long.bodies.request.length).toBeLessThan(2_200);
    expect(long.bodies.request).toMatch(/\[… \d+ more bytes not kept\]$/);
    expect((await api('GET', `/model-gateway/requests/${rows.requests[3].id}`)).body.bodies).toBeNull();
    expect((await api('GET', '/model-gateway/requests/999999')).status).toBe(404);

    h.gateway.services.config.replace(config(h.upstream.url, {}));
    expect(await chat('via-chat', 'not kept')).toBe(200);
    const latest = (await api('GET', '/model-gateway/requests?limit=1')).body.requests[0];
    expect(latest.hasBodies).toBe(false);
    expect((await api('GET', `/model-gateway/requests/${latest.id}`)).body.bodies).toBeNull();
  });

  it("leaves out rows that only book an agent's own report", async () => {
    h.gateway.services.ledger.record({
      ts: Date.now(), client: 'agent', inbound: 'agent', requestedModel: null, provider: 'agent:x', upstreamModel: null, status: 200, error: null,
      latencyMs: 0, ttfbMs: null, inputTokens: 1, outputTokens: 1, cachedTokens: 0, costUsd: 0.1, attempts: 1, stream: false,
    });
    const { body } = await api('GET', '/model-gateway/requests?limit=1');
    expect(body.requests[0].inbound).toBe('chat');
  });
});
