import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, TEST_TOKEN, type Harness } from '../../testing/gateway-harness.js';
import { scriptedEmbedding } from '../../testing/upstream.js';

let h: Harness;
let client: OpenAI;

const provider = (id: string, url: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'openai-chat',
  baseUrl: `${url}/v1`,
  apiKey: `key-${id}`,
  models: [`${id}-chat`],
  ...extra,
});

beforeAll(async () => {
  h = await startHarness({
    config: (url) => ({
      providers: [
        provider('openai', url, { embeddingModels: ['text-embedding-3-small'] }),
        provider('backup', url, { type: 'openai-responses', models: [] }),
        provider('ollama', url, { embeddingsApi: 'ollama', apiKey: undefined, models: ['qwen3:14b'], embeddingModels: ['nomic-embed-text'] }),
        { id: 'claude', type: 'anthropic', baseUrl: url, apiKey: 'sk-ant', models: ['claude-x'] },
      ],
      routes: [
        { match: 'embed-chain', to: ['openai:text-embedding-3-small', 'backup:text-embedding-3-small'] },
        { match: 'embed-via-claude', to: ['claude:claude-x'] },
        { match: 'embed-claude-first', to: ['claude:claude-x', 'openai:text-embedding-3-small'] },
      ],
      aliases: { 'my-embedder': 'text-embedding-3-small' },
      prices: { 'text-embedding-3-small': { input: 0.02, output: 0 } },
      resilience: { retries: 0, retryBaseMs: 10, breakerThreshold: 2, breakerCooldownMs: 60_000 },
      memory: { embeddingModel: 'nomic-embed-text' },
    }),
  });
  client = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.gateway.services.ledger.flush();
  h.upstream.reset();
});

const rowsSince = (count: number) => {
  h.gateway.services.ledger.flush();
  return h.gateway.services.ledger.recent(count);
};
const close = (actual: number[], expected: Float32Array) => actual.every((x, i) => Math.abs(x - expected[i]!) < 1e-6);

describe('POST /v1/embeddings with the openai SDK', () => {
  it('embeds one text and an array of texts (the SDK asks for base64 and decodes it)', async () => {
    const one = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'the auth module needs a review' });
    expect(one.object).toBe('list');
    expect(one.model).toBe('text-embedding-3-small');
    expect(one.data).toHaveLength(1);
    expect(one.data[0]!.embedding).toHaveLength(768);
    expect(close(one.data[0]!.embedding, scriptedEmbedding('the auth module needs a review'))).toBe(true);
    // The SDK sent base64; the provider was asked for floats.
    expect((h.upstream.requests[0]!.body as Record<string, unknown>).encoding_format).toBe('float');

    const many = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['first text', 'second text', 'third'] });
    expect(many.data.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(close(many.data[2]!.embedding, scriptedEmbedding('third'))).toBe(true);
    expect(many.usage).toEqual({ prompt_tokens: 3 + 3 + 2, total_tokens: 3 + 3 + 2 });
  });

  it('answers floats as JSON numbers with encoding_format float, and passes dimensions on', async () => {
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'short', encoding_format: 'float', dimensions: 256 });
    expect(floats.data[0]!.embedding).toHaveLength(256);
    expect((h.upstream.requests[0]!.body as Record<string, unknown>).dimensions).toBe(256);
    const raw = await fetch(`${h.v1}/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'short', encoding_format: 'base64' }),
    });
    const body = (await raw.json()) as { data: { embedding: string }[] };
    const bytes = Buffer.from(body.data[0]!.embedding, 'base64');
    expect(bytes.length).toBe(768 * 4);
    expect(new Float32Array(bytes.buffer, bytes.byteOffset, 768)[0]).toBeCloseTo(scriptedEmbedding('short')[0]!, 6);
  });

  it('writes a usage row with input tokens and cost', async () => {
    await client.embeddings.create({ model: 'my-embedder', input: 'x'.repeat(4_000) }, { headers: { 'user-agent': 'embed-test' } });
    const [row] = rowsSince(1);
    expect(row).toMatchObject({ inbound: 'embeddings', requestedModel: 'my-embedder', provider: 'openai', upstreamModel: 'text-embedding-3-small', status: 200, inputTokens: 1_000, outputTokens: 0, client: 'embed-test' });
    expect(row!.costUsd).toBeCloseTo((1_000 * 0.02) / 1_000_000, 12);
  });

  it('falls back to the next target when a provider fails', async () => {
    h.upstream.scriptEmbeddings({ fault: 'status', status: 503 });
    const answer = await client.embeddings.create({ model: 'embed-chain', input: 'fallback please' });
    expect(answer.data).toHaveLength(1);
    expect(h.upstream.requests.map((req) => req.headers.authorization)).toEqual(['Bearer key-openai', 'Bearer key-backup']);
    expect(rowsSince(1)[0]).toMatchObject({ provider: 'backup', status: 200, attempts: 2 });
  });

  it('passes by providers that serve no embeddings, and refuses a model only they serve', async () => {
    const served = await client.embeddings.create({ model: 'embed-claude-first', input: 'skip claude' });
    expect(served.data).toHaveLength(1);
    expect(rowsSince(1)[0]!.fallbacks).toEqual([{ provider: 'claude', model: 'claude-x', reason: 'anthropic providers serve no embeddings' }]);
    const refused = await client.embeddings.create({ model: 'embed-via-claude', input: 'no' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ status: 400, code: 'model_not_supported' });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it('speaks Ollama /api/embed for a provider with embeddingsApi: ollama, and uses memory.embeddingModel when no model is named', async () => {
    const answer = await client.embeddings.create({ model: 'nomic-embed-text', input: ['ollama one', 'ollama two'], encoding_format: 'float' });
    expect(h.upstream.requests.map((req) => req.path)).toEqual(['/api/embed']);
    expect(h.upstream.requests[0]!.body).toMatchObject({ model: 'nomic-embed-text', input: ['ollama one', 'ollama two'] });
    expect(close(answer.data[1]!.embedding, scriptedEmbedding('ollama two'))).toBe(true);
    const unnamed = await fetch(`${h.v1}/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'which model?' }),
    });
    expect(unnamed.status).toBe(200);
    expect(((await unnamed.json()) as { model: string }).model).toBe('nomic-embed-text');
  });

  it('rejects bad input in OpenAI’s error shape, with a usage row', async () => {
    const error = await client.embeddings.create({ model: 'text-embedding-3-small', input: '' }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/body\.input/);
    expect(rowsSince(1)[0]).toMatchObject({ inbound: 'embeddings', status: 400 });
    const unknown = await client.embeddings.create({ model: 'no-such-model', input: 'x' }).catch((failure: unknown) => failure);
    expect(unknown).toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('opens the breaker after repeated failures and says so', async () => {
    h.upstream.scriptEmbeddings({ fault: 'status', status: 500 }, { fault: 'status', status: 500 });
    for (let i = 0; i < 2; i++) await client.embeddings.create({ model: 'nomic-embed-text', input: 'boom' }).catch(() => undefined);
    const error = await client.embeddings.create({ model: 'nomic-embed-text', input: 'boom' }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 503 });
    expect((error as Error).message).toMatch(/ollama: circuit open/);
    expect(h.upstream.requests).toHaveLength(2);
  });
});

describe('GET /v1/models', () => {
  it('marks embedding models', async () => {
    const models = await client.models.list();
    const byId = new Map(models.data.map((model) => [model.id, model as unknown as Record<string, unknown>]));
    expect(byId.get('text-embedding-3-small')).toMatchObject({ type: 'embedding', owned_by: 'openai' });
    expect(byId.get('nomic-embed-text')).toMatchObject({ type: 'embedding', owned_by: 'ollama' });
    expect(byId.get('openai-chat')).not.toHaveProperty('type');
  });
});

describe('budgets', () => {
  it('refuses embeddings once the overall budget is spent, like any model call', async () => {
    const spent = await startHarness({
      config: (url) => ({
        providers: [provider('openai', url, { embeddingModels: ['text-embedding-3-small'] })],
        prices: { 'text-embedding-3-small': { input: 10, output: 0 } },
        budgets: { overall: { daily: { limitUsd: 0.001 } } },
      }),
    });
    try {
      const sdk = new OpenAI({ baseURL: spent.v1, apiKey: spent.token, maxRetries: 0 });
      await sdk.embeddings.create({ model: 'text-embedding-3-small', input: 'y'.repeat(400) });
      spent.gateway.services.ledger.flush();
      const error = await sdk.embeddings.create({ model: 'text-embedding-3-small', input: 'more' }).catch((failure: unknown) => failure);
      expect(error).toMatchObject({ status: 402, code: 'budget_exceeded' });
    } finally {
      await spent.close();
    }
  });
});
