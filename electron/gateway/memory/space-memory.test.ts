import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { rpcClient } from '../testing/rpc-client.js';
import { apiOf, scriptAgent, taskMessage, until, waitForTask, type Api } from '../testing/task-helpers.js';

// Space memory end to end over REST: indexing, background embedding through the gateway's own
// /v1/embeddings (scripted vectors), the three search modes, retries, a model change, deletion.
let h: Harness;
let api: Api;

beforeAll(async () => {
  h = await startHarness({
    config: (url) => ({
      providers: [{ id: 'emb', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-emb', models: ['chat'], embeddingModels: ['embed-small'] }],
      agents: [scriptAgent('echo', 'echo-agent'), scriptAgent('slow', 'slow-agent', {}, ['{prompt}', '30'])],
      resilience: { retries: 0, breakerThreshold: 100 },
      memory: { embeddingModel: 'embed-small', batchSize: 8, retryBaseMs: 50, retryMaxMs: 200 },
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const space = async (name: string) => (await api('POST', '/spaces', { metadata: { name } })).body.space_id as string;
const artifact = (id: string, name: string, content: string) => api('POST', `/spaces/${id}/artifacts`, { name, content });
const settled = () => until(async () => {
  const { body } = await api('GET', '/memory/status');
  return body.backlog === 0 && body.state === 'idle' && body.chunks > 0;
}, 10_000, 'embedding backlog drained');
const search = async (path: string) => {
  const res = await api('GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

const authReview = 'Reviewer notes: the authentication module stores session tokens in plain text. Rotate the refresh tokens and hash them before release.';
const releasePlan = 'Release plan for version 2.4: freeze on Friday, publish the changelog, then tag the build.';
const flakyBug = 'Bug report: the login test is flaky on CI because it waits a fixed two seconds for the mail server.';

describe('indexing and searching a space', () => {
  let project: string;
  beforeAll(async () => {
    project = await space('project');
    await artifact(project, 'review/auth.md', authReview);
    await artifact(project, 'release.md', releasePlan);
    await artifact(project, 'bugs/login.md', flakyBug);
    const task = await api('POST', '/tasks', taskMessage('summarise the changelog for the release', 'echo', {}, { context: { shared_space_id: project } }));
    await waitForTask(api, task.body.task_id);
    await settled();
  });

  it('counts the indexed chunks of a space (the seed getCount)', async () => {
    const { body } = await api('GET', `/spaces/${project}/count`);
    // Three artifacts, the task's prompt and its result. The echo agent's notes.md is a fourth
    // artifact, recorded without content (the agent never writes the file): nothing to index.
    expect(body).toMatchObject({ space_id: project, count: 5, chunks: 5, embedded: 5, waiting: 0, refused: 0, messages: 2, artifacts: 4 });
  });

  it('finds text with bm25, naming the source and highlighting the match', async () => {
    const found = await search(`/spaces/${project}/search?q=${encodeURIComponent('refresh tokens')}&mode=text`);
    expect(found).toMatchObject({ space_id: project, query: 'refresh tokens', mode: 'text', vectors: 'not_asked', warnings: [] });
    const [top] = found.results;
    expect(top).toMatchObject({
      space_id: project,
      source: { type: 'artifact', artifact: 'review/auth.md', task_id: null, message_id: null },
      text: authReview,
      vector_score: null,
      created_at: expect.any(Number),
    });
    expect(top.text_score).toBeGreaterThan(0);
    expect(top.snippet).toContain('<mark>refresh</mark> <mark>tokens</mark>');
  });

  it('finds task results and prompts as their own sources', async () => {
    const found = await search(`/spaces/${project}/search?q=changelog&mode=text`);
    const types = found.results.map((hit: any) => hit.source.type).sort();
    expect(types).toEqual(['artifact', 'message', 'task']);
    const result = found.results.find((hit: any) => hit.source.type === 'task');
    expect(result.source).toMatchObject({ author: 'echo', task_id: expect.stringMatching(/^task_/), message_id: expect.any(Number) });
  });

  it('finds by meaning where the words differ (vector), and fuses both rankings (hybrid)', async () => {
    // A misspelt query: no word of it is in the index, its letters are.
    const typo = 'authentcation sesion tokns';
    expect((await search(`/spaces/${project}/search?q=${encodeURIComponent(typo)}&mode=text`)).results).toEqual([]);
    const vector = await search(`/spaces/${project}/search?q=${encodeURIComponent(typo)}&mode=vector&limit=3`);
    expect(vector).toMatchObject({ mode: 'vector', vectors: 'used' });
    expect(vector.results[0].source.artifact).toBe('review/auth.md');
    expect(vector.results[0].vector_score).toBeGreaterThan(vector.results[1].vector_score);
    expect(vector.results[0].text_score).toBeNull();

    const hybrid = await search(`/spaces/${project}/search?q=${encodeURIComponent('flaky login test')}&limit=2`);
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.results[0]).toMatchObject({ source: { artifact: 'bugs/login.md' }, text_score: expect.any(Number), vector_score: expect.any(Number) });
    // Reciprocal-rank fusion: first in both lists scores 2 / 61.
    expect(hybrid.results[0].score).toBeCloseTo(2 / 61, 5);
  });

  it('writes a usage row for each embeddings call memory makes', () => {
    h.gateway.services.ledger.flush();
    const rows = h.gateway.services.ledger.recent(50).filter((row) => row.client === 'agentmesh-memory');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.inbound === 'embeddings' && row.requestedModel === 'embed-small' && row.inputTokens > 0)).toBe(true);
  });

  it('searches every space, or the ones named, and answers bad requests clearly', async () => {
    const other = await space('other');
    await artifact(other, 'ops.md', 'Ops runbook: rotate the refresh tokens every quarter.');
    await settled();
    const everywhere = await search(`/memory/search?q=${encodeURIComponent('refresh tokens')}&mode=text`);
    expect(new Set(everywhere.results.map((hit: any) => hit.space_id))).toEqual(new Set([project, other]));
    expect(everywhere.spaces).toBeNull();
    const named = await search(`/memory/search?q=${encodeURIComponent('refresh tokens')}&spaces=${other}`);
    expect(named.results.map((hit: any) => hit.space_id)).toEqual([other]);
    expect((await api('GET', `/memory/search?q=x&spaces=space_nope`)).body.error.code).toBe('SPACE_NOT_FOUND');
    expect((await api('GET', `/spaces/${project}/search?q=`)).body.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/query\.q/) });
    expect((await api('GET', `/spaces/${project}/search?q=x&mode=fuzzy`)).status).toBe(400);
  });

  it('keeps only the newest version of an artifact in memory', async () => {
    await artifact(project, 'release.md', 'Release plan, revised: ship on Monday instead.');
    await settled();
    const found = await search(`/spaces/${project}/search?q=release&mode=text`);
    const texts = found.results.filter((hit: any) => hit.source.artifact === 'release.md').map((hit: any) => hit.text);
    expect(texts).toEqual(['Release plan, revised: ship on Monday instead.']);
  });
});

describe('background embedding', () => {
  it('retries a failing embeddings call with a backoff and reports it, then catches up', async () => {
    const id = await space('retry');
    h.upstream.scriptEmbeddings({ fault: 'status', status: 503, message: 'embedder overloaded' }, { fault: 'status', status: 503 });
    await artifact(id, 'note.md', 'Retry me once the embedder is back.');
    await until(async () => (await api('GET', '/memory/status')).body.state === 'retrying', 5_000, 'retrying');
    const { body } = await api('GET', '/memory/status');
    expect(body).toMatchObject({ state: 'retrying', backlog: 1, last_error: expect.stringMatching(/503/), next_retry_at: expect.any(Number) });
    await settled();
    expect((await api('GET', `/spaces/${id}/count`)).body).toMatchObject({ embedded: 1, waiting: 0 });
  });

  it('gathers a burst of new messages into one embeddings call', async () => {
    const id = await space('burst');
    await settled();
    const requests = h.upstream.requests.length;
    // Six messages at once (a busy space, a fan-out's results): fewer than batchSize (8).
    for (let i = 0; i < 6; i++) h.gateway.services.spaces.addMessage(id, { role: 'user', author: 'me', taskId: null, content: `Burst message number ${i} about the deploy.` });
    await until(async () => (await api('GET', `/spaces/${id}/count`)).body.embedded === 6, 5_000, 'burst embedded');
    const calls = h.upstream.requests.slice(requests).filter((req) => (req.body as { input?: unknown }).input !== undefined);
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as { input: string[] }).input).toHaveLength(6);
    // A word in every chunk of a space has a bm25 near 1e-6: still a match, never a 0.
    const found = await search(`/spaces/${id}/search?q=deploy&mode=text`);
    expect(found.results).toHaveLength(6);
    for (const hit of found.results) {
      expect(hit.text_score).toBeGreaterThan(0);
      expect(hit.score).toBe(hit.text_score);
    }
  });

  it('sets aside a chunk the model refuses, and embeds the others', async () => {
    const id = await space('refused');
    const paragraphs = ['First paragraph. '.repeat(40), 'Second paragraph. '.repeat(40), 'Third paragraph. '.repeat(40)].join('\n\n');
    h.upstream.scriptEmbeddings({ fault: 'status', status: 400, message: 'input too long' }, { fault: 'status', status: 400, message: 'input too long' });
    await artifact(id, 'long.md', paragraphs);
    await settled();
    expect((await api('GET', `/spaces/${id}/count`)).body).toMatchObject({ chunks: 3, embedded: 2, refused: 1, waiting: 0 });
    expect((await api('GET', '/memory/status')).body.refused).toBe(1);
  });

  it('embeds everything again when the model or its dimensions change', async () => {
    const before = (await api('GET', '/memory/status')).body;
    expect(before.dimensions).toBe(768);
    const requests = h.upstream.requests.length;
    h.gateway.services.config.update((document) => ({ ...document, memory: { ...(document.memory as object), dimensions: 256 } }));
    await until(async () => (await api('GET', '/memory/status')).body.dimensions === 256, 10_000, 'new dimensions');
    await settled();
    const after = (await api('GET', '/memory/status')).body;
    expect(after).toMatchObject({ dimensions: 256, chunks: before.chunks, backlog: 0 });
    // Every chunk but the set-aside one went out again, in batches.
    expect(after.embedded).toBe(before.chunks);
    expect(h.upstream.requests.slice(requests).every((req) => (req.body as { dimensions?: number }).dimensions === 256)).toBe(true);
    const found = await search(`/memory/search?q=${encodeURIComponent('authentcation tokns')}&mode=vector&limit=1`);
    expect(found.results[0].source.artifact).toBe('review/auth.md');
  });
});

describe('context for tasks', () => {
  it('gives a task in a space the chunks relevant to its prompt, and says which in its events', async () => {
    const id = await space('context');
    await artifact(id, 'release.md', releasePlan);
    await artifact(id, 'bugs/login.md', flakyBug);
    await artifact(id, 'review/auth.md', authReview);
    await settled();
    const submitted = await api('POST', '/tasks', taskMessage('fix the flaky login test on CI', 'echo', {}, { context: { shared_space_id: id } }));
    const done = await waitForTask(api, submitted.body.task_id);
    // The echo agent answers with the prompt it was given.
    expect(done.result).toContain("Relevant context from this space's memory (most relevant first):\n[1] artifact bugs/login.md:\n" + flakyBug);
    expect(done.result.endsWith('Your task:\nfix the flaky login test on CI')).toBe(true);
    const { events } = (await api('GET', `/tasks/${submitted.body.task_id}/events`)).body;
    const memory = events.find((event: any) => event.body.kind === 'memory');
    expect(memory.body).toMatchObject({ kind: 'memory', mode: 'hybrid' });
    expect(memory.body.chunks[0]).toMatchObject({ chunk_id: expect.any(Number), score: expect.any(Number), chars: flakyBug.length, source: { type: 'artifact', artifact: 'bugs/login.md' } });
    // Found as the task started, before the agent ran.
    const kinds = events.map((event: any) => event.body.kind === 'status' ? event.body.status : event.body.kind);
    expect(kinds.indexOf('memory')).toBeLessThan(kinds.indexOf('running'));
  });

  it('gives a model agent the relevant chunks before its prompt', async () => {
    const id = await space('model-agent');
    await artifact(id, 'bugs/login.md', flakyBug);
    await settled();
    await rpcClient(h.url, h.token).call('agent.register', { agent_id: 'gpt-memory', adapter_type: 'openai', config: { model: 'chat' } });
    const submitted = await api('POST', '/tasks', taskMessage('fix the flaky login test on CI', 'gpt-memory', {}, { context: { shared_space_id: id } }));
    const done = await waitForTask(api, submitted.body.task_id);
    expect(done.status).toBe('completed');
    const call = h.upstream.requests.filter((req) => req.protocol === 'chat').at(-1)!;
    const user = (call.body.messages as { role: string; content: string }[]).find((message) => message.role === 'user')!;
    expect(user.content).toBe(`Relevant context from this space's memory (most relevant first):\n[1] artifact bugs/login.md:\n${flakyBug}\n\nYour task:\nfix the flaky login test on CI`);
  });

  it('keeps the chunks within memory.contextChars, and leaves out history the task gets anyway', async () => {
    const id = await space('bounded');
    await artifact(id, 'bugs/login.md', flakyBug);
    await artifact(id, 'review/auth.md', authReview);
    const first = await api('POST', '/tasks', taskMessage('note: the login test uses the mail server', 'echo', {}, { context: { shared_space_id: id } }));
    await waitForTask(api, first.body.task_id);
    await settled();
    h.gateway.services.config.update((document) => ({ ...document, memory: { ...(document.memory as object), contextChars: flakyBug.length + 10 } }));
    try {
      const submitted = await api('POST', '/tasks', taskMessage('why is the login test flaky', 'echo', {}, { context: { shared_space_id: id } }));
      await waitForTask(api, submitted.body.task_id);
      const { events } = (await api('GET', `/tasks/${submitted.body.task_id}/events`)).body;
      const chunks = events.find((event: any) => event.body.kind === 'memory').body.chunks;
      // The first task's prompt and result are in the recent history already: memory does not repeat them.
      expect(chunks.map((chunk: any) => chunk.source.type)).toEqual(['artifact']);
      expect(chunks.reduce((sum: number, chunk: any) => sum + chunk.chars, 0)).toBeLessThanOrEqual(flakyBug.length + 10);
    } finally {
      h.gateway.services.config.update((document) => ({ ...document, memory: { ...(document.memory as object), contextChars: 4_000 } }));
    }
  });
});

describe('DELETE /spaces/:id', () => {
  it('refuses while a task of the space runs, then removes the space and its memory', async () => {
    const id = await space('doomed');
    await artifact(id, 'secret-plan.md', 'The zeppelin launch happens at dawn.');
    await settled();
    const running = await api('POST', '/tasks', taskMessage('wait a while', 'slow', {}, { context: { shared_space_id: id } }));
    await waitForTask(api, running.body.task_id, (task) => task.status === 'running');
    const busy = await api('DELETE', `/spaces/${id}`);
    expect(busy).toMatchObject({ status: 409, body: { error: { code: 'SPACE_IN_USE' } } });
    await api('POST', `/tasks/${running.body.task_id}/cancel`);
    await waitForTask(api, running.body.task_id);
    await settled();
    const embedded = (await api('GET', '/memory/status')).body.embedded;
    // The artifact and the prompt, and whatever the agent said before it was cancelled.
    const held = (await api('GET', `/spaces/${id}/count`)).body.chunks;
    expect(held).toBeGreaterThanOrEqual(2);
    const deleted = await api('DELETE', `/spaces/${id}`);
    expect(deleted).toMatchObject({ status: 200, body: { space_id: id, deleted: true, chunks_removed: held } });
    expect((await api('GET', `/spaces/${id}`)).status).toBe(404);
    expect((await api('GET', `/spaces/${id}/count`)).status).toBe(404);
    expect((await search(`/memory/search?q=zeppelin&mode=text`)).results).toEqual([]);
    expect((await api('GET', '/memory/status')).body.embedded).toBe(embedded - held);
    expect((await api('DELETE', `/spaces/${id}`)).status).toBe(404);
  });
});
