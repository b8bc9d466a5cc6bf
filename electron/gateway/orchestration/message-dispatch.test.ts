import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, waitForTask, type Api } from '../testing/task-helpers.js';

// POST /api/v1/message and /api/v1/agents/dispatch against a real gateway. `boss` is the
// orchestrator: a command agent that calls the runtime tools over MCP with its task's token.
let h: Harness;
let api: Api;
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };

beforeAll(async () => {
  h = await startHarness({
    env,
    config: () => ({
      agents: [scriptAgent('boss', 'orchestrator-agent', {}, []), scriptAgent('echo', 'echo-agent', { maxConcurrent: 2 })],
      orchestration: { orchestrator: 'boss' },
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(h.url + path, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

/** What the orchestrator agent reads: the tool call to make, as the last line of its prompt. */
const toolCall = (tool: string, args: Record<string, unknown>) => JSON.stringify({ tool, arguments: args });

describe('POST /api/v1/message', () => {
  it('refuses a target other than the orchestrator with 403 DIRECT_ROUTE_DISABLED', async () => {
    const res = await post('/api/v1/message', { target: 'echo', message: 'hi' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('DIRECT_ROUTE_DISABLED');
    expect(res.body.error.message).toContain('boss');
  });

  it.each([
    ['the x-finger-route-mode header', { headers: { 'x-finger-route-mode': 'test' } }],
    ['the x-agentmesh-route-mode header', { headers: { 'x-agentmesh-route-mode': 'TEST' } }],
    ['a CLI sender', { sender: 'cli' }],
  ] as const)('lets %s address an agent directly', async (_what, how) => {
    const res = await post('/api/v1/message', { target: 'echo', message: 'direct hello', blocking: true, ...('sender' in how ? { sender: how.sender } : {}) }, 'headers' in how ? how.headers : {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ target: 'echo', status: 'completed', result: 'done: direct hello' });
    expect(res.body.workflowId).toMatch(/^wf_/);
  });

  it('lets any target through while the gateway runs with NODE_ENV=test', async () => {
    env.NODE_ENV = 'test';
    try {
      const res = await post('/api/v1/message', { target: 'echo', message: 'in test mode' });
      expect(res.status).toBe(200);
      expect(res.body.target).toBe('echo');
    } finally {
      env.NODE_ENV = 'production';
    }
    expect((await post('/api/v1/message', { target: 'echo', message: 'x' })).status).toBe(403);
  });

  it("goes to the orchestrator by default or by the spec's alias, and carries its task id and, blocking, its result", async () => {
    const queued = await post('/api/v1/message', { message: toolCall('agent.list', {}), sessionId: 'sess-msg' });
    expect(queued.status).toBe(200);
    expect(queued.body).toMatchObject({ target: 'boss', sessionId: 'sess-msg' });
    expect(['pending', 'assigned', 'running']).toContain(queued.body.status);
    expect(queued.body.result).toBeUndefined();
    const task = await waitForTask(api, queued.body.taskId);
    expect(task).toMatchObject({ assigned_agents: ['boss'], space_id: 'sess-msg', workflow_id: queued.body.workflowId });

    const blocking = await post('/api/v1/message', { target: 'chat-codex-gateway', message: toolCall('agent.list', { layer: 'summary' }), blocking: true });
    expect(blocking.body).toMatchObject({ target: 'boss', status: 'completed' });
    expect(blocking.body.result).toContain('"orchestrator":"boss"');
  });

  it('answers a bad body with 400 naming the field', async () => {
    const res = await post('/api/v1/message', { message: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('body.message');
  });
});

describe('POST /api/v1/agents/dispatch', () => {
  it('queues a task for the target and returns its ids at once', async () => {
    const res = await post('/api/v1/agents/dispatch', { targetAgentId: 'echo', task: 'write notes', workflowId: 'wf-docs', metadata: { ticket: 7 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ targetAgentId: 'echo', sourceAgentId: 'boss', workflowId: 'wf-docs', blocking: false, parentTaskId: null, sessionId: null });
    expect(res.body.dispatchId).toBe(res.body.taskId);
    const task = await waitForTask(api, res.body.taskId);
    expect(task).toMatchObject({ status: 'completed', result: 'done: write notes', workflow_id: 'wf-docs', source_agent: 'boss' });
    const listed = await api('GET', `/tasks/${task.id}`);
    expect(listed.body.workflow_id).toBe('wf-docs');
  });

  it('with blocking, waits for the end and returns the result; a session is a space; JSON tasks reach the agent as JSON', async () => {
    const res = await post('/api/v1/agents/dispatch', { sourceAgentId: 'chat-codex', targetAgentId: 'echo', task: { step: 'lint', files: ['a.ts'] }, sessionId: 'sess-42', blocking: true });
    expect(res.body).toMatchObject({ status: 'completed', sourceAgentId: 'boss', sessionId: 'sess-42', blocking: true });
    expect(JSON.parse(res.body.result.replace(/^done: /, ''))).toEqual({ step: 'lint', files: ['a.ts'] });
    const space = await api('GET', '/spaces/sess-42');
    expect(space.status).toBe(200);
    expect(space.body.message_count).toBeGreaterThanOrEqual(2);
  });

  it('refuses an unknown agent (404) and a body without a target (400)', async () => {
    expect((await post('/api/v1/agents/dispatch', { targetAgentId: 'nobody', task: 'x' })).body.error.code).toBe('AGENT_NOT_FOUND');
    const bad = await post('/api/v1/agents/dispatch', { task: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.targetAgentId');
  });

  it("from the orchestrator's task over MCP: the child runs, its result is the tool result, and it hangs under the orchestrator's task", async () => {
    const res = await post('/api/v1/message', { message: toolCall('agent.dispatch', { targetAgentId: 'echo', task: 'review the plan' }), blocking: true, sessionId: 'sess-tree' });
    expect(res.body.status, res.body.error).toBe('completed');
    // The child works in the orchestrator's session, so it sees the session's history first.
    expect(res.body.result).toMatch(/^child said: done: Shared space history[\s\S]*Your task:\nreview the plan$/);
    const parent = (await api('GET', `/tasks/${res.body.taskId}`)).body;
    expect(parent.children).toHaveLength(1);
    const child = (await api('GET', `/tasks/${parent.children[0]}`)).body;
    expect(child).toMatchObject({ parent_id: parent.id, source_agent: 'boss', workflow_id: res.body.workflowId, space_id: 'sess-tree', status: 'completed' });
    // The child's end did not settle its parent the way a fan-out's children do.
    expect(parent.result).toBe(res.body.result);
    const tree = h.gateway.services.orchestration.tree(parent.id);
    expect(tree.children.map((node) => node.taskId)).toEqual([child.id]);
    expect(tree.totalCostUsd).toBeCloseTo(tree.usage.costUsd + tree.children[0]!.usage.costUsd);
  });

  it("refuses an orchestrator's dispatch to itself", async () => {
    const res = await post('/api/v1/message', { message: toolCall('agent.dispatch', { targetAgentId: 'boss', task: 'loop' }), blocking: true });
    expect(res.body.result).toContain('DISPATCH_LOOP');
  });
});
