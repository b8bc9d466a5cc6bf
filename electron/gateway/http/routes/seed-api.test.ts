import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSse } from '../../models/sse.js';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { agentScript, apiOf, until, waitForTask } from '../../testing/task-helpers.js';
import { HttpError } from '../http-error.js';
import { asSubmitError } from './task-routes.js';

/*
 * agentmesh 1.x's docs/api.md (specs/000), endpoint by endpoint, with the document's own
 * example requests, against a gateway configured in 1.x's own spelling. One row per
 * documented field: its name, type and value where the document gives one.
 */
let h: Harness;
const answers: Record<string, { status: number; headers: Headers; body: any }> = {};
const frames: any[] = [];
let stopEvents: () => void;

const call = async (name: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(h.url + path, {
    method,
    headers: { authorization: `Bearer ${h.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  answers[name] = { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  return answers[name]!;
};

beforeAll(async () => {
  h = await startHarness({
    // The model section as docs/configuration.md writes it; agents and rules as config/gateway.yaml does.
    config: (upstream) => ({
      wsPort: 3001,
      logLevel: 'error',
      models: {
        default_model: 'deepseek-chat',
        providers: {
          deepseek: { base_url: `${upstream}/v1`, api_key: 'sk-deepseek-0123456789', models: ['deepseek-chat', 'deepseek-v4-pro'] },
          flaky: { base_url: `${upstream}/v1`, api_key: 'sk-flaky-0123456789', models: ['flaky-model'] },
          codex: { base_url: `${upstream}/v1`, api_key_env: 'AGENTMESH_TEST_UNSET_KEY', models: ['gpt-5.1'] },
        },
        fallback_chain: ['deepseek'],
        model_routing: { 'flaky-': ['flaky'], 'gpt-': ['codex'] },
      },
      routing: { defaultAgent: 'claude-code', rules: [{ name: 'code-review', keywords: ['review'], agent: 'claude-code', priority: 15 }] },
      agents: [{ id: 'claude-code', name: 'Claude Code', type: 'process', command: process.execPath, args: [agentScript('echo-agent')], capabilities: ['code-generation', 'code-review'] }],
      // Not 1.x keys: a fast heartbeat to see one, no retries, and a route to the keyless provider alone.
      limits: { eventHeartbeatMs: 1_000 },
      routes: [{ match: 'codex-only', to: ['codex'] }],
      resilience: { retries: 0 },
    }),
  });
  const controller = new AbortController();
  stopEvents = () => controller.abort();
  const events = await fetch(`${h.url}/events`, { headers: { authorization: `Bearer ${h.token}` }, signal: controller.signal });
  void (async () => {
    try {
      for await (const frame of parseSse(events.body!)) frames.push({ named: frame.event, ...JSON.parse(frame.data) });
    } catch {
      // aborted in afterAll
    }
  })();
  await until(() => frames.some((frame) => frame.type === 'welcome'), 5_000, 'the event stream');

  await call('health', 'GET', '/health');
  await call('modelHealth', 'GET', '/model-gateway/health');
  await call('quota', 'GET', '/model-gateway/quota');
  await call('models', 'GET', '/v1/models');
  await call('chat', 'POST', '/v1/chat/completions', {
    model: 'deepseek-chat',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Hello!' },
    ],
    stream: false,
    temperature: 0.7,
    max_tokens: 1024,
    tools: [],
  });
  await call('responses', 'POST', '/v1/responses', {
    model: 'deepseek-v4-pro',
    input: [
      { role: 'system', content: 'You are a coding assistant.' },
      { role: 'user', content: 'Write a sorting function' },
    ],
    instructions: 'Be concise.',
    stream: false,
    tools: [],
  });
  await call('agents', 'GET', '/agents');
  await call('register', 'POST', '/agents', { id: 'my-agent', name: 'My Custom Agent', type: 'process', capabilities: ['code-generation'], endpoint: 'http://127.0.0.1:8080' });
  await call('submit', 'POST', '/tasks', { type: 'request', source: 'api', target: 'gateway', payload: { task: 'Help me write a sorting algorithm', options: { stream: false, timeout: 300 } } });
  await call('submitMinimal', 'POST', '/tasks', { payload: { task: '帮我写一个排序算法' } });
  await waitForTask(apiOf(h), answers.submit!.body.task_id);
  await waitForTask(apiOf(h), answers.submitMinimal!.body.task_id);
  await call('task', 'GET', `/tasks/${answers.submit!.body.task_id}`);
  await call('tasks', 'GET', '/tasks');
  await call('space', 'POST', '/spaces', { metadata: { name: 'Project A', createdBy: 'cli' } });
  await call('spaceGet', 'GET', `/spaces/${answers.space!.body.space_id}`);
  await call('artifact', 'POST', `/spaces/${answers.space!.body.space_id}/artifacts`, { name: 'notes.md', content: '# notes' });
  await call('broadcast', 'POST', '/broadcast', { type: 'custom_event', data: { message: 'Hello all' } });
  await call('wsInfo', 'GET', '/ws-info');
  await call('taskMissing', 'GET', '/tasks/task-xxx');
  await call('spaceMissing', 'GET', '/spaces/space-xxx');
  // 1.x falls back along the chain: flaky, then deepseek, must both fail.
  const failure = { fault: 'status', status: 500, body: JSON.stringify({ error: { message: 'insufficient_quota', type: 'server_error' } }) } as const;
  h.upstream.script(failure, failure);
  await call('providerError', 'POST', '/v1/chat/completions', { model: 'flaky-model', messages: [{ role: 'user', content: 'hi' }] });
  await call('noProvider', 'POST', '/v1/chat/completions', { model: 'codex-only', messages: [{ role: 'user', content: 'hi' }] });
  await call('noAgent', 'POST', '/tasks', { type: 'request', target: 'gateway', payload: { task: 'x', options: { capabilities: ['quantum'] } } });
  await until(() => ['heartbeat', 'task.completed', 'agent.registered', 'context.updated', 'custom_event'].every((type) => frames.some((frame) => frame.type === type)), 10_000, 'every event type');
}, 60_000);
afterAll(async () => {
  stopEvents?.();
  await h?.close();
});

const event = (type: string) => frames.find((frame) => frame.type === type);
const epoch = expect.any(Number);

type Row = [endpoint: string, field: string, read: () => unknown, expected: unknown];
const body = (name: string) => answers[name]!.body;
const rows: Row[] = [
  ['GET /health', 'status', () => body('health').status, 'ok'],
  ['GET /health', 'timestamp', () => body('health').timestamp, epoch],
  ['GET /health', 'agents[].id', () => body('health').agents[0].id, 'claude-code'],
  ['GET /health', 'agents[].name', () => body('health').agents[0].name, 'Claude Code'],
  ['GET /health', 'agents[].status', () => body('health').agents[0].status, 'online'],

  ['GET /model-gateway/health', 'status', () => body('modelHealth').status, 'ok'],
  ['GET /model-gateway/health', 'timestamp', () => body('modelHealth').timestamp, epoch],
  ['GET /model-gateway/health', 'providers_available[].name', () => body('modelHealth').providers_available.map((p: any) => p.name), ['deepseek', 'flaky']],
  ['GET /model-gateway/health', 'providers_available[].summary', () => body('modelHealth').providers_available[0].summary, expect.any(String)],
  ['GET /model-gateway/health', 'providers_unavailable[].name', () => body('modelHealth').providers_unavailable.map((p: any) => p.name), ['codex']],
  ['GET /model-gateway/health', 'providers_unavailable[].summary', () => body('modelHealth').providers_unavailable[0].summary, expect.any(String)],

  ['GET /model-gateway/quota', '<name>.provider', () => body('quota').deepseek.provider, 'deepseek'],
  ['GET /model-gateway/quota', '<name>.available', () => body('quota').codex.available, false],
  ['GET /model-gateway/quota', '<name>.summary', () => body('quota').deepseek.summary, expect.any(String)],

  ['GET /v1/models', 'object', () => body('models').object, 'list'],
  ['GET /v1/models', 'data[].id', () => body('models').data.map((m: any) => m.id), expect.arrayContaining(['deepseek-chat', 'deepseek-v4-pro', 'gpt-5.1'])],
  ['GET /v1/models', 'data[].object', () => body('models').data[0].object, 'model'],
  ['GET /v1/models', 'data[].owned_by', () => body('models').data.find((m: any) => m.id === 'deepseek-chat').owned_by, 'deepseek'],

  ['POST /v1/chat/completions', 'status', () => answers.chat!.status, 200],
  ['POST /v1/chat/completions', 'id', () => body('chat').id, expect.stringMatching(/^chatcmpl-/)],
  ['POST /v1/chat/completions', 'object', () => body('chat').object, 'chat.completion'],
  ['POST /v1/chat/completions', 'model', () => body('chat').model, 'deepseek-chat'],
  ['POST /v1/chat/completions', 'choices[].index', () => body('chat').choices[0].index, 0],
  ['POST /v1/chat/completions', 'choices[].message.role', () => body('chat').choices[0].message.role, 'assistant'],
  ['POST /v1/chat/completions', 'choices[].message.content', () => body('chat').choices[0].message.content, expect.any(String)],
  ['POST /v1/chat/completions', 'choices[].finish_reason', () => body('chat').choices[0].finish_reason, 'stop'],
  ['POST /v1/chat/completions', 'usage.prompt_tokens', () => body('chat').usage.prompt_tokens, expect.any(Number)],
  ['POST /v1/chat/completions', 'usage.completion_tokens', () => body('chat').usage.completion_tokens, expect.any(Number)],
  ['POST /v1/chat/completions', 'usage.total_tokens', () => body('chat').usage.total_tokens === body('chat').usage.prompt_tokens + body('chat').usage.completion_tokens, true],

  ['POST /v1/responses', 'status', () => answers.responses!.status, 200],
  ['POST /v1/responses', 'id', () => body('responses').id, expect.stringMatching(/^resp_/)],
  ['POST /v1/responses', 'object', () => body('responses').object, 'response'],
  ['POST /v1/responses', 'model', () => body('responses').model, 'deepseek-v4-pro'],
  ['POST /v1/responses', 'output[].type', () => body('responses').output.at(-1).type, 'message'],
  ['POST /v1/responses', 'output[].role', () => body('responses').output.at(-1).role, 'assistant'],
  ['POST /v1/responses', 'output[].content[].type', () => body('responses').output.at(-1).content[0].type, 'output_text'],
  ['POST /v1/responses', 'output[].content[].text', () => body('responses').output.at(-1).content[0].text, expect.any(String)],
  ['POST /v1/responses', 'usage.input_tokens', () => body('responses').usage.input_tokens, expect.any(Number)],
  ['POST /v1/responses', 'usage.output_tokens', () => body('responses').usage.output_tokens, expect.any(Number)],
  ['POST /v1/responses', 'usage.total_tokens', () => body('responses').usage.total_tokens, expect.any(Number)],

  ['GET /agents', '(a JSON array)', () => Array.isArray(body('agents')), true],
  ['GET /agents', '[].id', () => body('agents')[0].id, 'claude-code'],
  ['GET /agents', '[].name', () => body('agents')[0].name, 'Claude Code'],
  ['GET /agents', '[].type', () => body('agents')[0].type, 'process'],
  ['GET /agents', '[].capabilities', () => body('agents')[0].capabilities, ['code-generation', 'code-review']],
  ['GET /agents', '[].status', () => body('agents')[0].status, 'online'],
  ['GET /agents', '[].lastSeen', () => body('agents')[0].lastSeen, epoch],

  ['POST /agents', 'HTTP status', () => answers.register!.status, 201],
  ['POST /agents', 'id', () => body('register').id, 'my-agent'],
  ['POST /agents', 'status', () => body('register').status, 'registered'],

  ['POST /tasks', 'HTTP status', () => answers.submit!.status, 202],
  ['POST /tasks', 'task_id', () => body('submit').task_id, expect.any(String)],
  ['POST /tasks', 'status', () => body('submit').status, 'pending'],
  ['POST /tasks', 'message', () => body('submit').message, expect.any(String)],
  ['POST /tasks (payload only)', 'HTTP status', () => answers.submitMinimal!.status, 202],

  ['GET /tasks', '(a JSON array)', () => Array.isArray(body('tasks')), true],
  ['GET /tasks', '[].id', () => body('tasks').some((t: any) => t.id === body('submit').task_id), true],
  ['GET /tasks', '[].status', () => body('tasks').find((t: any) => t.id === body('submit').task_id).status, 'completed'],
  ['GET /tasks', '[].assigned_agents', () => body('tasks').find((t: any) => t.id === body('submit').task_id).assigned_agents, ['claude-code']],
  ['GET /tasks', '[].created_at', () => body('tasks')[0].created_at, epoch],

  ['GET /tasks/:taskId', 'id', () => body('task').id === body('submit').task_id, true],
  ['GET /tasks/:taskId', 'status', () => body('task').status, 'completed'],
  ['GET /tasks/:taskId', 'assigned_agents', () => body('task').assigned_agents, ['claude-code']],
  ['GET /tasks/:taskId', 'result', () => body('task').result, 'done: Help me write a sorting algorithm'],
  ['GET /tasks/:taskId', 'error', () => body('task').error, null],
  ['GET /tasks/:taskId', 'created_at', () => body('task').created_at, epoch],
  ['GET /tasks/:taskId', 'updated_at', () => body('task').updated_at >= body('task').created_at, true],

  ['POST /spaces', 'HTTP status', () => answers.space!.status, 201],
  ['POST /spaces', 'space_id', () => body('space').space_id, expect.any(String)],
  ['GET /spaces/:spaceId', 'shared_space_id', () => body('spaceGet').shared_space_id === body('space').space_id, true],
  ['GET /spaces/:spaceId', 'message_count', () => body('spaceGet').message_count, 0],
  ['GET /spaces/:spaceId', 'artifact_count', () => body('spaceGet').artifact_count, 0],
  ['GET /spaces/:spaceId', 'metadata', () => body('spaceGet').metadata, { name: 'Project A', createdBy: 'cli' }],
  ['GET /spaces/:spaceId', 'created_at', () => body('spaceGet').created_at, epoch],
  ['GET /spaces/:spaceId', 'updated_at', () => body('spaceGet').updated_at, epoch],

  ['GET /events', 'unnamed events', () => frames.every((frame) => frame.named === undefined), true],
  ['GET /events', 'connected.client_id', () => event('connected').client_id, expect.any(String)],
  ['GET /events', 'welcome.agents', () => event('welcome').agents.map((a: any) => a.id), ['claude-code']],
  ['GET /events', 'heartbeat.timestamp', () => event('heartbeat').timestamp, epoch],
  ['GET /events', 'task.submitted.task_id', () => event('task.submitted').task_id === body('submit').task_id, true],
  ['GET /events', 'task.submitted.timestamp', () => event('task.submitted').timestamp, epoch],
  ['GET /events', 'task_status.task', () => event('task_status').task.id === body('submit').task_id, true],
  ['GET /events', 'task.completed.task_id', () => event('task.completed').task_id === body('submit').task_id, true],
  ['GET /events', 'task.completed.result', () => event('task.completed').result, 'done: Help me write a sorting algorithm'],
  ['GET /events', 'task.completed.timestamp', () => event('task.completed').timestamp, epoch],
  ['GET /events', 'agent.registered', () => event('agent.registered').agent.id, 'my-agent'],
  ['GET /events', 'context.updated', () => event('context.updated').space_id === body('space').space_id, true],

  ['POST /broadcast', 'delivered', () => body('broadcast').delivered, 1],
  ['POST /broadcast', 'client_count', () => body('broadcast').client_count, 1],
  ['POST /broadcast', 'the event sent', () => event('custom_event'), { named: undefined, type: 'custom_event', data: { message: 'Hello all' }, timestamp: epoch }],
  ['GET /ws-info', 'endpoints.events', () => body('wsInfo').endpoints.events, expect.stringMatching(/^\/events\?taskId=/)],

  ['errors', 'TASK_NOT_FOUND 404', () => [answers.taskMissing!.status, body('taskMissing').error.code], [404, 'TASK_NOT_FOUND']],
  ['errors', 'SPACE_NOT_FOUND 404', () => [answers.spaceMissing!.status, body('spaceMissing').error.code], [404, 'SPACE_NOT_FOUND']],
  ['errors', 'error.message', () => body('taskMissing').error.message, expect.stringContaining('task-xxx')],
  ['errors', 'PROVIDER_ERROR 502', () => [answers.providerError!.status, body('providerError').error.code], [502, 'PROVIDER_ERROR']],
  ['errors', "PROVIDER_ERROR's message names the provider", () => body('providerError').error.message, expect.stringMatching(/flaky.*insufficient_quota/)],
  ['errors', 'no provider: 503', () => [answers.noProvider!.status, body('noProvider').error.code], [503, 'NO_PROVIDER_AVAILABLE']],
  ['errors', 'TASK_FAILED (no agent: 422, our code as detail_code)', () => [answers.noAgent!.status, body('noAgent').error.code, body('noAgent').error.detail_code], [422, 'TASK_FAILED', 'NO_AGENT_AVAILABLE']],
];

describe('agentmesh 1.x docs/api.md', () => {
  it.each(rows)('%s %s', (_endpoint, _field, read, expected) => {
    expect(read()).toEqual(expected);
  });

  it('TASK_FAILED is 500 when processing a task fails inside the gateway, our code kept as detail_code', () => {
    const mapped = asSubmitError(new Error('disk I/O error'));
    expect([mapped.status, mapped.code, mapped.detailCode]).toEqual([500, 'TASK_FAILED', 'INTERNAL_ERROR']);
    expect(asSubmitError(new HttpError(404, 'SPACE_NOT_FOUND', 'x')).code).toBe('SPACE_NOT_FOUND');
  });

  it('puts paging in headers, not in the body', () => {
    expect(answers.tasks!.headers.get('x-total-count')).toBe(String(body('tasks').length));
    expect(answers.agents!.headers.get('x-total-count')).toBe('1');
  });
});
