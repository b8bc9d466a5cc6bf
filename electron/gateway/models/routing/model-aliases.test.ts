import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';

// `defaultModel` and `aliases:` (agentmesh 1.x's models.default_model and model aliases).
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [
        { id: 'deepseek', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-deepseek-0123456789', models: ['deepseek-chat', 'deepseek-v4-pro'] },
        { id: 'claude', type: 'anthropic', baseUrl: upstream, apiKey: 'sk-ant-0123456789', models: ['claude-test'] },
      ],
      routes: [{ match: 'gpt-*', to: ['claude:claude-test'] }],
      defaultModel: 'deepseek-chat',
      aliases: { 'gpt-5.4': 'deepseek-v4-pro', 'o4-mini': 'nowhere-model' },
    }),
  });
});
afterAll(() => h.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(h.url + path, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const lastUpstreamModel = () => h.upstream.requests.filter((request) => request.protocol !== 'other').at(-1)!.body.model;

it('serves a call that names no model as defaultModel, in every inbound protocol', async () => {
  const chat = await post('/v1/chat/completions', { messages: [{ role: 'user', content: 'hi' }] });
  expect(chat.status).toBe(200);
  expect(((await chat.json()) as any).model).toBe('deepseek-chat');
  expect(lastUpstreamModel()).toBe('deepseek-chat');
  const responses = await post('/v1/responses', { model: '', input: 'hi' });
  expect(responses.status).toBe(200);
  expect(lastUpstreamModel()).toBe('deepseek-chat');
  const messages = await post('/v1/messages', { max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
  expect(messages.status).toBe(200);
  expect(lastUpstreamModel()).toBe('deepseek-chat');
});

it('resolves an alias before the routes (gpt-5.4 is not sent down the gpt-* rule), and says so when its target has no route', async () => {
  const aliased = await post('/v1/chat/completions', { model: 'gpt-5.4', messages: [{ role: 'user', content: 'hi' }] });
  expect(aliased.status).toBe(200);
  expect(lastUpstreamModel()).toBe('deepseek-v4-pro');
  h.gateway.services.ledger.flush();
  expect(h.gateway.services.ledger.recent(1)[0]).toMatchObject({ requestedModel: 'gpt-5.4', upstreamModel: 'deepseek-v4-pro', provider: 'deepseek' });
  const missing = await post('/v1/chat/completions', { model: 'o4-mini', messages: [{ role: 'user', content: 'hi' }] });
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as any).error.message).toBe("The model 'nowhere-model' (alias of 'o4-mini') does not exist or no route serves it");
});

it('lists aliases in /v1/models, owned by the provider serving their target', async () => {
  const { data } = (await (await fetch(`${h.v1}/models`, { headers: { authorization: `Bearer ${h.token}` } })).json()) as { data: { id: string; owned_by: string }[] };
  expect(data).toEqual(expect.arrayContaining([
    expect.objectContaining({ id: 'gpt-5.4', object: 'model', owned_by: 'deepseek' }),
    expect.objectContaining({ id: 'o4-mini', owned_by: 'agentmesh-alias' }),
    expect.objectContaining({ id: 'deepseek-chat', owned_by: 'deepseek' }),
  ]));
});

it('tells the model route tester what an alias stands for', async () => {
  const tested = (await (await fetch(`${h.url}/model-gateway/route?model=gpt-5.4`, { headers: { authorization: `Bearer ${h.token}` } })).json()) as any;
  expect(tested).toMatchObject({ model: 'gpt-5.4', aliasOf: 'deepseek-v4-pro', servedBy: { provider: 'deepseek', model: 'deepseek-v4-pro' } });
});
