import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerSchema, type ProviderConfig } from '../../../shared/schemas/config.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../testing/upstream.js';
import { balancePlan, fetchBalance, type BalancePlan } from './balance-fetcher.js';

let upstream: ScriptedUpstream;
beforeAll(async () => {
  upstream = await startScriptedUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const provider = (fields: Record<string, unknown>): ProviderConfig =>
  providerSchema.parse({ id: 'p', type: 'openai-chat', baseUrl: `${upstream.url}/v1`, apiKey: 'sk-balance-key', ...fields });

const fetchPlan = (plan: BalancePlan) => {
  if (plan.kind !== 'fetch') throw new Error(`expected a fetch plan, got ${plan.kind}`);
  return plan;
};
const read = (fields: Record<string, unknown>) => fetchBalance(fetchPlan(balancePlan(provider(fields))));

describe('balance presets on the scripted upstream', () => {
  it('DeepSeek: total balance, its currency and is_available, from the base URL origin', async () => {
    expect(await read({ balance: { preset: 'deepseek' } })).toEqual({ source: 'deepseek', balance: 110, currency: 'CNY', allowed: true });
    const asked = upstream.requests.at(-1)!;
    expect(asked).toMatchObject({ method: 'GET', path: '/user/balance' });
    expect(asked.headers.authorization).toBe('Bearer sk-balance-key');
  });

  it('DeepSeek: an account that may not call any more says so', async () => {
    upstream.serveJson('/user/balance', { is_available: false, balance_infos: [{ currency: 'USD', total_balance: '0.00', granted_balance: '0.00', topped_up_balance: '0.00' }] });
    expect(await read({ balance: { preset: 'deepseek' } })).toEqual({ source: 'deepseek', balance: 0, currency: 'USD', allowed: false });
  });

  it('OpenRouter: credits minus usage, and the share of the credits used', async () => {
    expect(await read({ balance: { preset: 'openrouter' } })).toEqual({ source: 'openrouter', balance: 74.75, currency: 'USD', usedPercent: expect.closeTo(25.62, 2) });
    expect(upstream.requests.map((r) => r.path)).toEqual(['/api/v1/credits']);
  });

  it('OpenRouter: falls back to the key endpoint when credits need a management key', async () => {
    upstream.serveJson('/api/v1/credits', { error: { message: 'Only management keys can fetch credits', code: 403 } }, { status: 403 });
    expect(await read({ balance: { preset: 'openrouter' } })).toEqual({ source: 'openrouter', balance: 5, currency: 'USD', usedPercent: 75 });
    expect(upstream.requests.map((r) => r.path)).toEqual(['/api/v1/credits', '/api/v1/key']);
    upstream.serveJson('/api/v1/key', { data: { label: 'k', limit: null, limit_remaining: null, usage: 3, is_free_tier: false } });
    expect(await read({ balance: { preset: 'openrouter' } })).toEqual({ source: 'openrouter', note: 'this key has no credit limit', currency: 'USD' });
  });

  it('Moonshot: available balance, in CNY only on the .cn host', async () => {
    expect(await read({ balance: { preset: 'moonshot' } })).toEqual({ source: 'moonshot', balance: 49.5889, currency: 'USD' });
    expect(upstream.requests.at(-1)!.path).toBe('/v1/users/me/balance');
  });

  it('SiliconFlow: total balance from user info', async () => {
    expect(await read({ balance: { preset: 'siliconflow', currency: 'CNY' } })).toEqual({ source: 'siliconflow', balance: 88.88, currency: 'CNY' });
    expect(upstream.requests.at(-1)!.path).toBe('/v1/user/info');
  });

  it('a generic fetcher reads any JSON path with the headers it was given', async () => {
    upstream.serveJson('/billing/remaining', { account: { credits: [{ left: '12.5' }] }, ok: true });
    const reading = await read({ balance: { url: `${upstream.url}/billing/remaining`, jsonPath: '$.account.credits[0].left', currency: 'EUR', headers: { authorization: 'Bearer other-key' }, availablePath: '$.ok' } });
    expect(reading).toEqual({ source: 'generic', balance: 12.5, currency: 'EUR', allowed: true });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe('Bearer other-key');
  });

  it('reports a refused key, a missing field and an unreachable server as errors, never throws', async () => {
    const noKey = await fetchBalance(fetchPlan(balancePlan(provider({ apiKey: undefined, balance: { preset: 'deepseek' } }))));
    expect(noKey.error).toMatch(/\/user\/balance: HTTP 401/);
    upstream.serveJson('/user/balance', { something: 'else' });
    expect((await read({ balance: { preset: 'deepseek' } })).error).toMatch(/no balance at \$\.balance_infos\[0\]\.total_balance/);
    const gone = balancePlan(provider({ baseUrl: 'http://127.0.0.1:9/v1', balance: { preset: 'moonshot' } }));
    expect((await fetchBalance(fetchPlan(gone), { timeoutMs: 2_000 })).error).toMatch(/users\/me\/balance: .*(ECONNREFUSED|connect)/i);
  });
});

describe('balance plans', () => {
  const plan = (baseUrl: string, balance?: unknown) => balancePlan(providerSchema.parse({ id: 'x', type: 'openai-chat', baseUrl, apiKey: 'k', balance }));

  it('picks the preset of a well-known base URL, resolved against its origin', () => {
    const deepseek = fetchPlan(plan('https://api.deepseek.com/v1'));
    expect(deepseek.source).toBe('deepseek');
    expect(deepseek.requests.map((r) => r.url)).toEqual(['https://api.deepseek.com/user/balance']);
    expect(fetchPlan(plan('https://openrouter.ai/api/v1')).requests.map((r) => r.url)).toEqual(['https://openrouter.ai/api/v1/credits', 'https://openrouter.ai/api/v1/key']);
    expect(fetchPlan(plan('https://api.moonshot.cn/v1')).currency).toBe('CNY');
    expect(fetchPlan(plan('https://api.moonshot.ai/v1')).currency).toBe('USD');
    expect(fetchPlan(plan('https://api.siliconflow.cn/v1')).requests[0]!.url).toBe('https://api.siliconflow.cn/v1/user/info');
  });

  it('treats local servers as always available, and says when nothing is known', () => {
    expect(plan('http://127.0.0.1:11434/v1')).toEqual({ kind: 'local' });
    expect(plan('http://localhost:1234/v1')).toEqual({ kind: 'local' });
    expect(plan('http://gpu-box.lan:11434/v1')).toEqual({ kind: 'local' });
    expect(plan('https://api.openai.com/v1')).toMatchObject({ kind: 'none' });
    expect(plan('https://api.deepseek.com/v1', false)).toMatchObject({ kind: 'none', why: expect.stringMatching(/balance: false/) });
    // A local server with a balance configured is asked all the same.
    expect(plan('http://127.0.0.1:8080/v1', { preset: 'deepseek' })).toMatchObject({ kind: 'fetch', source: 'deepseek' });
  });
});
