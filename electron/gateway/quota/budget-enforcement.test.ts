import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetEvent } from '../events/gateway-events.js';
import { defaultTestConfig, startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, type Api } from '../testing/task-helpers.js';

// Overall daily budget $0.01 (warn at half): chat-model costs $1 per 1M input tokens, so a
// call of 5,000 input tokens spends half of it and a second one the rest.
let h: Harness;
let api: Api;
let openai: OpenAI;
let anthropic: Anthropic;
const events: [string, BudgetEvent][] = [];

beforeAll(async () => {
  h = await startHarness({
    config: (url) => ({ ...defaultTestConfig(url), budgets: { overall: { daily: { limitUsd: 0.01, warnAt: 0.5 }, monthly: { limitUsd: 100 } } } }),
  });
  api = apiOf(h);
  openai = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  h.gateway.services.bus.on('budget.warning', (event) => events.push(['budget.warning', event]));
  h.gateway.services.bus.on('budget.exceeded', (event) => events.push(['budget.exceeded', event]));
});
afterAll(() => h.close());

const spend = async () => {
  h.upstream.script({ text: 'spent', usage: { input: 5_000, output: 0 } });
  await openai.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'x' }] });
};

describe('budgets', () => {
  it('warns at warnAt, then blocks at the limit on every inbound protocol', async () => {
    await spend();
    expect(events).toEqual([['budget.warning', expect.objectContaining({ budget: 'overall:daily', scope: 'overall', period: 'daily', spentUsd: 0.005, limitUsd: 0.01 })]]);
    let status = await api('GET', '/model-gateway/budgets');
    expect(status.body.budgets).toEqual([
      expect.objectContaining({ budget: 'overall:daily', level: 'warning', spentUsd: 0.005 }),
      expect.objectContaining({ budget: 'overall:monthly', level: 'ok', spentUsd: 0.005 }),
    ]);
    await spend();
    expect(events.map(([type]) => type)).toEqual(['budget.warning', 'budget.exceeded']);
    status = await api('GET', '/model-gateway/budgets');
    expect(status.body.budgets[0]).toMatchObject({ level: 'exceeded', spentUsd: 0.01 });

    const before = h.upstream.requests.length;
    const chatError = await openai.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(chatError).toBeInstanceOf(OpenAI.APIError);
    expect(chatError).toMatchObject({ status: 402, code: 'budget_exceeded' });
    expect((chatError as Error).message).toMatch(/overall daily budget has reached \$0\.0100 of \$0\.0100/);

    const streamError = await openai.chat.completions.create({ model: 'via-chat', stream: true, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(streamError).toMatchObject({ status: 402, code: 'budget_exceeded' });

    const responsesError = await openai.responses.create({ model: 'via-responses', input: 'x' }).catch((e: unknown) => e);
    expect(responsesError).toBeInstanceOf(OpenAI.APIError);
    expect(responsesError).toMatchObject({ status: 402, code: 'budget_exceeded' });

    const messagesError = await anthropic.messages.create({ model: 'via-anthropic', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(messagesError).toBeInstanceOf(Anthropic.APIError);
    expect(messagesError).toMatchObject({ status: 402, error: { type: 'error', error: { type: 'billing_error', message: expect.stringMatching(/budget has reached/) } } });

    // Nothing reached a provider, and every refusal is in the ledger.
    expect(h.upstream.requests.length).toBe(before);
    const rows = h.gateway.services.ledger.recent(4);
    expect(rows.map((row) => [row.inbound, row.status])).toEqual([['messages', 402], ['responses', 402], ['chat', 402], ['chat', 402]]);
    expect(rows.every((row) => row.costUsd === 0)).toBe(true);
  });

  it('says in the routing tester that the call would be refused', async () => {
    const { body } = await api('GET', '/model-gateway/route?model=via-chat');
    expect(body.blocked).toMatch(/^Budget exceeded: the overall daily budget/);
    expect(body.servedBy).toBeNull();
    expect(body.targets[0]).toMatchObject({ provider: 'chatty', available: true });
  });
});
