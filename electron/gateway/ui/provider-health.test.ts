import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderView } from '../../../shared/contract/index.js';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { freePort } from '../testing/ports.js';
import { until } from '../testing/task-helpers.js';

// What the Providers view says about a provider's health, as the dashboard reads it.
let h: Harness;
let closedPort: number;

beforeAll(async () => {
  closedPort = await freePort();
  h = await startHarness({
    config: (url) => ({
      providers: [
        { id: 'cloud', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-cloud-key', models: ['m'], balance: false },
        { id: 'flaky', type: 'openai-chat', baseUrl: `${url}/flaky`, apiKey: 'sk-flaky-key', models: ['f'], balance: false },
        // Model servers on this machine: one running, one not.
        { id: 'ollama', type: 'openai-chat', baseUrl: `${url}/v1`, models: ['qwen3:14b'] },
        { id: 'lmstudio', type: 'openai-chat', baseUrl: `http://127.0.0.1:${closedPort}/v1`, models: ['llama'] },
      ],
    }),
  });
});
afterAll(() => h.close());

const list = () => h.gateway.handlers['providers.list']({}) as Promise<ProviderView[]>;
const card = async (id: string) => (await list()).find((provider) => provider.id === id)!;

describe('a model server on this machine', () => {
  it('says "local server" only once it answered, and says so when nothing answers', async () => {
    // Nothing is asked until someone looks.
    expect((await card('ollama')).balance!.summary).toBe('not checked yet whether the server answers');
    await until(async () => (await card('ollama')).balance!.summary === 'local server: no balance to run out of', 5_000, 'the running server to answer');
    await until(async () => (await card('lmstudio')).balance!.summary.startsWith('nothing answers'), 5_000, 'the stopped server to be noticed');
    expect((await card('lmstudio')).balance!.summary).toMatch(new RegExp(`^nothing answers at 127\\.0\\.0\\.1:${closedPort} \\(.*\\); is the server running\\?$`));
  });
});

describe('the provider connection test', () => {
  it('reads "Connected in 5 ms, 1 model"', async () => {
    const result = await h.gateway.handlers['providers.test']({ id: 'cloud' });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^Connected in \d+ ms, 1 model$/);
    expect(result.message).toBe(`Connected in ${result.latencyMs} ms, 1 model`);
  });

  it('leaves a provider unhealthy after it failed, until a test passes', async () => {
    h.upstream.serveJson('/flaky/models', { error: 'bad gateway' }, { status: 502 });
    const failed = await h.gateway.handlers['providers.test']({ id: 'flaky' });
    expect(failed).toMatchObject({ ok: false, message: expect.stringMatching(/^HTTP 502 in \d+ ms: /) });
    expect(await card('flaky')).toMatchObject({ available: false, reason: expect.stringMatching(/^connection test failed: HTTP 502/) });
    // Still unhealthy on the next look: nothing passed since.
    expect((await card('flaky')).available).toBe(false);
    h.upstream.serveJson('/flaky/models', { data: [{ id: 'f' }, { id: 'g' }] });
    expect((await h.gateway.handlers['providers.test']({ id: 'flaky' })).message).toMatch(/^Connected in \d+ ms, 2 models$/);
    expect(await card('flaky')).toMatchObject({ available: true, reason: null });
  });
});
