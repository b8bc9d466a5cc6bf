import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, until, type Api } from '../testing/task-helpers.js';

// memory.search, the runtime tool an agent asks the team's spaces with, over MCP's HTTP face.
let h: Harness;
let api: Api;
let auth: string;
let ops: string;

beforeAll(async () => {
  h = await startHarness({
    config: (url) => ({
      providers: [{ id: 'emb', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-emb', models: ['chat'], embeddingModels: ['embed'] }],
      memory: { embeddingModel: 'embed' },
    }),
  });
  api = apiOf(h);
  auth = (await api('POST', '/spaces', { metadata: { name: 'auth' } })).body.space_id;
  ops = (await api('POST', '/spaces', { metadata: { name: 'ops' } })).body.space_id;
  await api('POST', `/spaces/${auth}/artifacts`, { name: 'review.md', content: 'Reviewer: the auth module keeps session tokens in plain text; hash them.' });
  await api('POST', `/spaces/${ops}/artifacts`, { name: 'runbook.md', content: 'Rotate the session tokens of the staging cluster every quarter.' });
  await until(async () => (await api('GET', '/memory/status')).body.embedded === 2, 10_000, 'both embedded');
});
afterAll(() => h.close());

it('searches every space, or the ones named, and answers chunks with their source', async () => {
  const client = new Client({ name: 'memory-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', h.url), { requestInit: { headers: { authorization: `Bearer ${h.token}` } } }));
  const all = await client.callTool({ name: 'memory.search', arguments: { query: 'session tokens' } });
  const found = all.structuredContent as any;
  expect(found).toMatchObject({ query: 'session tokens', mode: 'hybrid', vectors: 'used', spaces: null });
  expect(new Set(found.results.map((hit: any) => hit.space_id))).toEqual(new Set([auth, ops]));
  expect(found.results[0]).not.toHaveProperty('snippet');
  expect(found.results.find((hit: any) => hit.space_id === auth)).toMatchObject({ source: { type: 'artifact', artifact: 'review.md' }, text: expect.stringContaining('plain text') });
  const one = await client.callTool({ name: 'memory.search', arguments: { query: 'session tokens', spaces: [ops], mode: 'text' } });
  expect((one.structuredContent as any).results.map((hit: any) => hit.source.artifact)).toEqual(['runbook.md']);
  const bad = await client.callTool({ name: 'memory.search', arguments: { query: '' } });
  expect(bad.isError).toBe(true);
  await client.close();
});
