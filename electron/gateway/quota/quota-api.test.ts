import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { writeClaudeTranscript, writeCodexSession } from '../testing/local-usage-fixtures.js';
import { apiOf, type Api } from '../testing/task-helpers.js';

let h: Harness;
let api: Api;
let openai: OpenAI;
const events: [string, Record<string, unknown>][] = [];
const home = mkdtempSync(join(tmpdir(), 'agentmesh-home-'));

const chat = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ id, type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: `sk-${id}-key`, models: [`${id}-model`], ...extra });

beforeAll(async () => {
  const now = Date.now();
  writeCodexSession(join(home, 'codex'), {
    at: new Date(now - 10 * 60_000),
    primary: { usedPercent: 42, windowMinutes: 300, resetsAt: Math.floor((now + 2 * 3_600_000) / 1000) },
    secondary: { usedPercent: 12, windowMinutes: 10_080, resetsAt: Math.floor((now + 4 * 86_400_000) / 1000) },
  });
  writeClaudeTranscript(join(home, 'claude'), [{ at: new Date(now - 30 * 60_000), input: 20, output: 2_000, cacheRead: 10_000 }]);
  h = await startHarness({
    env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: join(home, 'codex'), CLAUDE_CONFIG_DIR: join(home, 'claude') },
    config: (url) => ({
      providers: [
        chat('deep', url, { balance: { preset: 'deepseek' } }),
        chat('router', url, { balance: { preset: 'openrouter' } }),
        chat('moon', url, { balance: { preset: 'moonshot', warnBelow: 40 } }),
        chat('silicon', url, { balance: { preset: 'siliconflow' } }),
        chat('custom', url, { balance: { url: `${url}/billing`, jsonPath: '$.account.left', currency: 'EUR' } }),
        { id: 'ollama', type: 'openai-chat', baseUrl: `${url}/v1`, models: ['qwen3:14b'] },
        chat('keyless', url, { apiKey: '' }),
      ],
      routes: [
        { match: 'pay-model', to: ['deep:deep-model', 'router:router-model'] },
        { match: 'only-deep', to: ['deep:deep-model'] },
      ],
      quota: { skipPercent: 90, refreshSeconds: 0 },
      resilience: { retries: 0 },
    }),
  });
  api = apiOf(h);
  openai = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
  for (const type of ['quota.warning', 'quota.exhausted', 'quota.restored'] as const) {
    h.gateway.services.bus.on(type, (payload) => events.push([type, payload as Record<string, unknown>]));
  }
});
afterAll(() => h.close());

const quota = async (refresh = true) => {
  const res = await api('GET', `/model-gateway/quota${refresh ? '?refresh=1' : ''}`);
  expect(res.status).toBe(200);
  return res.body;
};

beforeEach(async () => {
  h.upstream.reset();
  h.upstream.serveJson('/billing', { account: { left: '7.5' } });
  await quota();
  h.upstream.reset();
  h.upstream.serveJson('/billing', { account: { left: '7.5' } });
  events.length = 0;
});

describe('GET /model-gateway/quota', () => {
  it('lists every provider with its balance, local servers, and the local subscriptions', async () => {
    const body = await quota();
    expect(body.deep).toMatchObject({ provider: 'deep', kind: 'balance', source: 'deepseek', available: true, balance: 110, currency: 'CNY', summary: '110.00 CNY left' });
    expect(body.router).toMatchObject({ available: true, balance: 74.75, currency: 'USD', source: 'openrouter' });
    expect(body.moon).toMatchObject({ available: true, balance: 49.5889, currency: 'USD' });
    expect(body.silicon).toMatchObject({ available: true, balance: 88.88 });
    expect(body.custom).toMatchObject({ available: true, balance: 7.5, currency: 'EUR', source: 'generic' });
    expect(body.ollama).toMatchObject({ kind: 'local', available: true, summary: expect.stringMatching(/local server/) });
    expect(body.keyless).toMatchObject({ available: false, reason: 'no key' });
    expect(body.codex).toMatchObject({ provider: 'codex', kind: 'subscription', available: true, usedPercent: 42 });
    expect(body.codex.summary).toMatch(/^5h window 42% used, resets in 1h 59m|^5h window 42% used, resets in 2h 0m/);
    expect(body.codex.summary).toMatch(/weekly window 12% used/);
    expect(body['claude-code']).toMatchObject({ provider: 'claude-code', kind: 'subscription', available: true });
    expect(body['claude-code'].summary).toMatch(/^5h block 12\.0k tokens, \$0\.03, ends in/);
    // The key travels only as the bearer token of each provider's own balance call.
    const asked = h.upstream.requests.filter((r) => r.path === '/user/balance');
    expect(asked.map((r) => r.headers.authorization)).toEqual(['Bearer sk-deep-key']);
  });

  it('a balance API whose error echoes the provider key -> the quota answer says *** instead', async () => {
    h.upstream.serveJson('/billing', { error: 'key sk-custom-key is not allowed here' }, { status: 401, requireBearer: false });
    const body = JSON.stringify(await quota());
    expect(body).toContain('key *** is not allowed here');
    expect(body).not.toContain('sk-custom-key');
  });

  it('answers from a 60 s cache, and ?refresh=1 asks again', async () => {
    h.upstream.serveJson('/user/balance', { is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '55.00', granted_balance: '0.00', topped_up_balance: '55.00' }] });
    expect((await quota(false)).deep.balance).toBe(110);
    expect(h.upstream.requests.filter((r) => r.path === '/user/balance')).toHaveLength(0);
    expect((await quota(true)).deep.balance).toBe(55);
    expect(h.upstream.requests.filter((r) => r.path === '/user/balance')).toHaveLength(1);
  });

  it('fires a warning below warnBelow, then exhausted, then restored', async () => {
    const moon = (balance: number) => h.upstream.serveJson('/v1/users/me/balance', { code: 0, data: { available_balance: balance, voucher_balance: 0, cash_balance: balance }, scode: '0x0', status: true });
    moon(30);
    await quota();
    moon(0);
    await quota();
    moon(100);
    await quota();
    expect(events.filter(([, payload]) => payload.provider === 'moon')).toEqual([
      ['quota.warning', expect.objectContaining({ provider: 'moon', balance: 30, currency: 'USD', summary: '30.00 USD left' })],
      ['quota.exhausted', expect.objectContaining({ provider: 'moon', reason: expect.stringMatching(/^out of balance \(0\.00 USD left/) })],
      ['quota.restored', expect.objectContaining({ provider: 'moon' })],
    ]);
  });
});

describe('quota-aware routing', () => {
  const exhaustDeep = async () => {
    h.upstream.serveJson('/user/balance', { is_available: false, balance_infos: [{ currency: 'CNY', total_balance: '0.00', granted_balance: '0.00', topped_up_balance: '0.00' }] });
    const body = await quota();
    expect(body.deep).toMatchObject({ available: false, reason: expect.stringMatching(/^out of balance/) });
  };

  it('marks an out-of-balance provider unavailable in health, with the reason and summary', async () => {
    await exhaustDeep();
    expect(events).toContainEqual(['quota.exhausted', expect.objectContaining({ provider: 'deep' })]);
    const { body } = await api('GET', '/model-gateway/health');
    const deep = body.providers_unavailable.find((entry: any) => entry.name === 'deep');
    expect(deep).toMatchObject({ available: false, reason: expect.stringMatching(/out of balance/), summary: expect.stringMatching(/refuses calls/), balance: 0, currency: 'CNY' });
    expect(body.providers_available.find((entry: any) => entry.name === 'router')).toMatchObject({ summary: '74.75 USD left; 25.6% of the limit used', balance: 74.75 });
  });

  it('skips an exhausted provider in the chain and the usage row says why', async () => {
    await exhaustDeep();
    const tested = await api('GET', '/model-gateway/route?model=pay-model');
    expect(tested.body).toMatchObject({ model: 'pay-model', rule: 'pay-model', servedBy: { provider: 'router', model: 'router-model' }, blocked: null });
    expect(tested.body.targets).toEqual([
      expect.objectContaining({ provider: 'deep', model: 'deep-model', available: false, skipped: expect.stringMatching(/^out of balance/) }),
      expect.objectContaining({ provider: 'router', model: 'router-model', available: true, skipped: null, summary: '74.75 USD left; 25.6% of the limit used' }),
    ]);
    h.upstream.script({ text: 'served by the second target' });
    const answer = await openai.chat.completions.create({ model: 'pay-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]!.message.content).toBe('served by the second target');
    const modelCalls = h.upstream.requests.filter((r) => r.protocol === 'chat');
    expect(modelCalls.map((r) => r.body.model)).toEqual(['router-model']);
    const row = h.gateway.services.ledger.recent(1)[0]!;
    expect(row).toMatchObject({ provider: 'router', status: 200, skipped: expect.stringMatching(/^deep: out of balance/) });
  });

  it('answers 402 quota_exhausted when every target is out, and the row keeps the reason', async () => {
    await exhaustDeep();
    const error = await openai.chat.completions.create({ model: 'only-deep', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 402, code: 'quota_exhausted' });
    expect((error as Error).message).toMatch(/deep: out of balance/);
    expect(h.upstream.requests.filter((r) => r.protocol === 'chat')).toHaveLength(0);
    expect(h.gateway.services.ledger.recent(1)[0]).toMatchObject({ status: 402, skipped: expect.stringMatching(/^deep: out of balance/) });
  });

  it('skips a provider whose quota use is over quota.skipPercent', async () => {
    h.upstream.serveJson('/api/v1/credits', { error: { message: 'management key required', code: 403 } }, { status: 403 });
    h.upstream.serveJson('/api/v1/key', { data: { label: 'k', limit: 20, limit_remaining: 1, usage: 19, is_free_tier: false } });
    const body = await quota();
    expect(body.router).toMatchObject({ available: false, usedPercent: 95, reason: 'usage 95% is over the 90% threshold' });
    const tested = await api('GET', '/model-gateway/route?model=pay-model');
    expect(tested.body.targets[1]).toMatchObject({ provider: 'router', available: false, skipped: 'usage 95% is over the 90% threshold' });
    expect(tested.body.servedBy).toEqual({ provider: 'deep', model: 'deep-model' });
    expect(events).toContainEqual(['quota.warning', expect.objectContaining({ provider: 'router', usedPercent: 95 })]);
  });

  it('answers a model no route serves, and refuses a tester call without a model', async () => {
    expect((await api('GET', '/model-gateway/route?model=nothing-serves-this')).body).toMatchObject({ targets: [], servedBy: null, error: expect.stringMatching(/does not exist or no route serves it/) });
    const bad = await api('GET', '/model-gateway/route');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/query\.model/);
  });
});
