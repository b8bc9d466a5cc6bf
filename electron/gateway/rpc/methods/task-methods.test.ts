import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { codeOf, rpcClient, type RpcClient } from '../../testing/rpc-client.js';
import { scriptAgent, until } from '../../testing/task-helpers.js';

// task.* methods: model agents answering through the gateway's own pipeline (the scripted
// upstream), command agents for queues, locks and timeouts.
let h: Harness;
let rpc: RpcClient;
const workDir = mkdtempSync(join(tmpdir(), 'agentmesh-rpc-strict-'));

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'chatty', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-upstream-chat-secret', models: ['chat-model'] }],
      routes: [{ match: '*', to: ['chatty:chat-model'] }],
      prices: { 'chat-model': { input: 1, output: 2 } },
      agents: [scriptAgent('queue', 'echo-agent', { maxConcurrent: 1 }), scriptAgent('sleeper', 'slow-agent', { maxConcurrent: 2 }, ['{prompt}', '{prompt}'])],
      tasks: { allowedRoots: [tmpdir()] },
    }),
  });
  rpc = rpcClient(h.url, h.token);
  await rpc.call('agent.register', { agent_id: 'claude-001', adapter_type: 'claude', config: { model: 'claude-sonnet', system_prompt: 'You write Python.' } });
  await rpc.call('agent.register', { agent_id: 'gpt-001', adapter_type: 'openai', config: { model: 'gpt-4o' } });
});
afterAll(() => h.close());
beforeEach(() => h.upstream.reset());

const userText = (body: any): string => {
  const messages = body.messages as { role: string; content: unknown }[];
  return messages.filter((message) => message.role === 'user').map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content))).join('\n');
};

describe('task.execute', () => {
  it('runs one task on several model agents in parallel and returns a TaskResult each, booked to its task', async () => {
    h.upstream.script({ text: 'def quicksort(xs): ...', usage: { input: 100, output: 20 } }, { text: 'def quicksort(xs): ...', usage: { input: 100, output: 20 } });
    const results = await rpc.call('task.execute', { agent_ids: ['claude-001', 'gpt-001'], task: { id: 'task-001', prompt: '写一个Python快速排序函数', max_tokens: 1000, temperature: 0.7 }, mode: 'parallel' });
    expect(results).toEqual([
      expect.objectContaining({ task_id: 'task-001@claude-001', success: true, result: 'def quicksort(xs): ...', error: null, tokens_used: { input_tokens: 100, output_tokens: 20, total_tokens: 120, cost_usd: 0.00014, model: 'chat-model' }, metadata: expect.objectContaining({ agent_id: 'claude-001', parent_task_id: 'task-001' }) }),
      expect.objectContaining({ task_id: 'task-001@gpt-001', success: true, tokens_used: expect.objectContaining({ total_tokens: 120 }) }),
    ]);
    expect(results[0].execution_time_ms).toBeGreaterThanOrEqual(0);
    const bodies = h.upstream.requests.filter((request) => request.protocol === 'chat').map((request) => request.body);
    // The claude agent speaks Messages: the gateway translates it for the chat provider.
    expect(bodies.map((body) => body.max_tokens ?? body.max_completion_tokens)).toEqual([1000, 1000]);
    expect(bodies.every((body) => body.temperature === 0.7)).toBe(true);
    // The claude agent's system prompt went with its call; the Task's prompt as the user turn.
    expect(bodies.some((body) => JSON.stringify(body.messages).includes('You write Python.'))).toBe(true);
    expect((await rpc.call('task.status', { task_id: 'task-001' })).status).toBe('completed');
  });

  it('in a chain, gives each agent the previous result as context', async () => {
    h.upstream.script({ text: 'FIRST DRAFT' }, { text: 'REVIEWED' });
    const results = await rpc.call('task.execute', { agent_ids: ['claude-001', 'gpt-001'], task: { prompt: 'write it', chain_mode: true, context: 'a CLI tool' }, mode: 'sequential' });
    expect(results.map((result: any) => result.result)).toEqual(['FIRST DRAFT', 'REVIEWED']);
    const [first, second] = h.upstream.requests.filter((request) => request.protocol !== 'other');
    expect(userText(first!.body)).toContain('Context:\na CLI tool');
    expect(userText(first!.body)).not.toContain('FIRST DRAFT');
    expect(userText(second!.body)).toContain('Result of the previous agent (claude-001):\nFIRST DRAFT');
  });

  it('ends a task past its timeout as timeout (success false); -40001 for an unknown agent', async () => {
    h.upstream.script({ fault: 'hang' });
    const [result] = await rpc.call('task.execute', { agent_ids: ['gpt-001'], task: { id: 'slow-1', prompt: 'think hard', timeout: 0.5 } });
    expect(result).toMatchObject({ task_id: 'slow-1', success: false, metadata: expect.objectContaining({ status: 'timeout' }) });
    expect(await codeOf(rpc.call('task.result', { task_id: 'slow-1' }))).toBe(-40103);
    expect(await codeOf(rpc.call('task.execute', { agent_ids: ['nobody'], task: { prompt: 'x' } }))).toBe(-40001);
  });

  it('takes no task while the gateway is paused (-40004)', async () => {
    h.gateway.setPaused(true);
    try {
      await expect(rpc.call('task.execute', { agent_ids: ['gpt-001'], task: { prompt: 'x' } })).rejects.toMatchObject({ code: -40004, data: { reason: 'GATEWAY_PAUSED' } });
      expect(await codeOf(rpc.call('task.assign', { task: { prompt: 'x' } }))).toBe(-40004);
    } finally {
      h.gateway.setPaused(false);
    }
  });
});

describe('task.assign', () => {
  it('queues by priority (10 first) and estimates completion from the agent\'s median duration', async () => {
    const blocker = await rpc.call('task.assign', { task: { prompt: '3', metadata: { agent_id: 'sleeper' } } });
    await rpc.call('task.assign', { task: { prompt: '3', metadata: { agent_id: 'sleeper' } } });
    await rpc.call('task.assign', { task: { id: 'low-1', prompt: '0', priority: 1, metadata: { agent_id: 'sleeper' } } });
    const high = await rpc.call('task.assign', { task: { id: 'high-1', prompt: '0', priority: 10, metadata: { agent_id: 'sleeper' } } });
    expect(high).toMatchObject({ task_id: 'high-1', agent_id: 'sleeper', status: 'pending' });
    expect(Date.parse(high.estimated_completion)).toBeGreaterThan(Date.parse(high.assigned_at));
    expect(h.gateway.services.tasks.queuePosition('high-1')).toBe(0);
    expect(h.gateway.services.tasks.queuePosition('low-1')).toBe(1);
    await until(async () => (await rpc.call('task.status', { task_id: 'low-1' })).status === 'completed', 15_000, 'low priority task done');
    const high1 = h.gateway.services.taskStore.get('high-1')!;
    const low1 = h.gateway.services.taskStore.get('low-1')!;
    expect(Date.parse(high1.started_at!)).toBeLessThanOrEqual(Date.parse(low1.started_at!));
    expect((await rpc.call('task.status', { task_id: blocker.task_id })).status).toBe('completed');
    // With history, the estimate is the median duration (about 3 s here), not the 30 s timeout.
    const next = await rpc.call('task.assign', { task: { prompt: '1', metadata: { agent_id: 'sleeper' } } });
    const estimateMs = Date.parse(next.estimated_completion) - Date.parse(next.assigned_at);
    expect(estimateMs).toBeLessThan(29_000);
  });

  it('answers -40102 for a task id that exists and -40105 for dependencies that failed or do not exist', async () => {
    expect(await codeOf(rpc.call('task.assign', { task: { id: 'task-001', prompt: 'again' } }))).toBe(-40102);
    expect(await codeOf(rpc.call('task.assign', { task: { prompt: 'after' }, dependencies: ['no-such-task'] }))).toBe(-40105);
    expect(await codeOf(rpc.call('task.assign', { task: { prompt: 'after' }, dependencies: ['slow-1'] }))).toBe(-40105);
  });

  it('strict: holds an exclusive lock on the task\'s directory while it runs; isolated needs a directory', async () => {
    const assigned = await rpc.call('task.assign', { task: { prompt: '2', metadata: { agent_id: 'sleeper', cwd: workDir } }, coordination_mode: 'strict' });
    await until(() => h.gateway.services.manager.locks.list().some((lock) => lock.lock_name === `cwd:${workDir}`), 10_000, 'directory lock');
    expect(h.gateway.services.manager.locks.list()).toEqual([expect.objectContaining({ lock_type: 'exclusive', owner: `task:${assigned.task_id}` })]);
    const second = await rpc.call('task.assign', { task: { prompt: '0', metadata: { agent_id: 'sleeper', cwd: workDir } }, coordination_mode: 'strict' });
    await until(async () => (await rpc.call('task.status', { task_id: second.task_id })).status === 'completed', 15_000, 'second strict task');
    const [a, b] = [h.gateway.services.taskStore.get(assigned.task_id)!, h.gateway.services.taskStore.get(second.task_id)!];
    expect(Date.parse(b.started_at!)).toBeGreaterThanOrEqual(Date.parse(a.finished_at!));
    expect(h.gateway.services.manager.locks.list()).toEqual([]);
    expect(await codeOf(rpc.call('task.assign', { task: { prompt: 'x', metadata: { agent_id: 'gpt-001' } }, coordination_mode: 'isolated' }))).toBe(-32602);
  });
});

describe('task.cancel, task.status, task.result', () => {
  it('cancels a running task (then -40104), and answers -40304 for one that ended otherwise', async () => {
    const { task_id } = await rpc.call('task.assign', { task: { prompt: '30', metadata: { agent_id: 'sleeper' } } });
    await until(async () => (await rpc.call('task.status', { task_id })).status === 'running', 10_000, 'running');
    expect(await rpc.call('task.cancel', { task_id, reason: 'changed my mind' })).toMatchObject({ task_id, status: 'cancelled', reason: 'changed my mind' });
    expect(await codeOf(rpc.call('task.cancel', { task_id }))).toBe(-40104);
    await expect(rpc.call('task.result', { task_id })).rejects.toMatchObject({ code: -40104, data: expect.objectContaining({ task_id, success: false }) });
    expect(await codeOf(rpc.call('task.cancel', { task_id: 'task-001' }))).toBe(-40304);
    expect(await codeOf(rpc.call('task.cancel', { task_id: 'nope' }))).toBe(-40101);
  });

  it('shows the spec\'s Task, status, progress and result; task.result waits for the end (-40304 before)', async () => {
    const { task_id } = await rpc.call('task.assign', { task: { prompt: '1', priority: 7, metadata: { agent_id: 'sleeper', task_type: 'demo' }, context: 'ctx' } });
    expect(await codeOf(rpc.call('task.result', { task_id }))).toBe(-40304);
    await until(async () => (await rpc.call('task.status', { task_id })).status === 'completed', 10_000, 'completed');
    const status = await rpc.call('task.status', { task_id });
    expect(status).toMatchObject({ task: { id: task_id, prompt: '1', priority: 7, timeout: 30, context: 'ctx', chain_mode: false, metadata: { agent_id: 'sleeper', task_type: 'demo' } }, status: 'completed', progress: 100, result: { task_id, success: true } });
    expect(await rpc.call('task.result', { task_id })).toMatchObject({ task_id, success: true, result: expect.stringContaining('finished'), metadata: {} });
    expect((await rpc.call('task.result', { task_id, include_metadata: true })).metadata).toMatchObject({ agent_id: 'sleeper', task_type: 'demo', status: 'completed' });
    expect(await codeOf(rpc.call('task.status', { task_id: 'nope' }))).toBe(-40101);
    expect(await codeOf(rpc.call('task.result', { task_id: 'nope' }))).toBe(-40101);
  });
});
