import type { Catalog, RuntimeTask, TaskTreeNode } from '@shared/contract';
import { describe, expect, it } from 'vitest';
import { createFakeApi, settle } from '../testing/fake-api';
import { createOrchestrationStore } from './orchestration-store';

const runtimeTask = (overrides: Partial<RuntimeTask> = {}): RuntimeTask => ({
  taskId: 'root',
  agentId: 'codex',
  status: 'running',
  parentTaskId: null,
  sourceAgentId: null,
  sessionId: null,
  workflowId: 'wf_1',
  prompt: 'plan it',
  result: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  costUsd: 0.01,
  ...overrides,
});
const node = (overrides: Partial<RuntimeTask> = {}, children: TaskTreeNode[] = []): TaskTreeNode => {
  const task = runtimeTask(overrides);
  const usage = { inputTokens: 1, outputTokens: 1, costUsd: task.costUsd };
  return { ...task, usage, totalCostUsd: children.reduce((sum, child) => sum + child.totalCostUsd, task.costUsd), children };
};
const catalog = (paused: string[] = []): Catalog => ({
  layer: 'summary',
  orchestrator: 'codex',
  agents: ['codex', 'docs'].map((id) => ({
    id,
    name: id,
    kind: 'process' as const,
    adapter: 'command',
    state: paused.includes(id) ? ('paused' as const) : ('online' as const),
    instances: { running: 0, queued: 0, max: 1 },
    capabilities: { summary: { role: 'executor' as const, state: 'online' as const, source: 'config' as const, tags: [] } },
  })),
  startupTargets: [],
  startupTemplates: [],
});

const setup = () => {
  let tree = node({}, [node({ taskId: 'child', agentId: 'docs', parentTaskId: 'root', costUsd: 0.02 })]);
  let paused: string[] = [];
  const fake = createFakeApi({
    'orchestration.runs': () => [runtimeTask()],
    'orchestration.catalog': () => catalog(paused),
    'orchestration.tree': () => tree,
    'orchestration.message': () => ({ taskId: 'root', target: 'codex', status: 'pending', sessionId: null, workflowId: 'wf_1' }),
    'orchestration.control': (input) => {
      if (input.action === 'pause' && input.targetAgentId) paused.push(input.targetAgentId);
      if (input.action === 'resume') paused = paused.filter((agent) => agent !== input.targetAgentId);
      return { action: input.action, ok: true, message: `${input.action} done`, targetAgentId: input.targetAgentId ?? null, sessionId: null, workflowId: input.workflowId ?? null, providerId: null, tasks: [] };
    },
  });
  const store = createOrchestrationStore({ api: fake.api, notify: () => undefined });
  store.getState().connect();
  return { fake, store, setTree: (next: TaskTreeNode) => (tree = next) };
};

describe('orchestration store', () => {
  it('sends a message to the orchestrator and opens its run, then follows new children live', async () => {
    const { fake, store, setTree } = setup();
    await store.getState().load();
    const sent = await store.getState().send('plan it', 'sess-1');
    expect(fake.callsOf('orchestration.message')).toEqual([{ message: 'plan it', sessionId: 'sess-1' }]);
    expect(sent.taskId).toBe('root');
    expect(store.getState().tree?.totalCostUsd).toBeCloseTo(0.03);

    setTree(node({}, [node({ taskId: 'child', agentId: 'docs' }), node({ taskId: 'child2', agentId: 'docs', costUsd: 0.5 })]));
    fake.emit('task.submitted', { task_id: 'unrelated', assigned_agents: ['x'], parent_id: 'elsewhere' });
    await settle();
    expect(store.getState().tree?.children).toHaveLength(1);
    fake.emit('task.submitted', { task_id: 'child2', assigned_agents: ['docs'], parent_id: 'root' });
    await settle();
    expect(store.getState().tree?.children.map((child) => child.taskId)).toEqual(['child', 'child2']);
  });

  it('turns the run buttons into control calls on its workflow; pause holds the agents still working, resume releases them', async () => {
    const { fake, store } = setup();
    await store.getState().load();
    await store.getState().select('root');
    await store.getState().act('hard-stop');
    await store.getState().act('interrupt');
    expect(fake.callsOf('orchestration.control')).toEqual([
      { action: 'cancel', workflowId: 'wf_1', hard: true },
      { action: 'interrupt', workflowId: 'wf_1' },
    ]);
    await store.getState().act('pause');
    expect(fake.callsOf('orchestration.control').slice(2)).toEqual([
      { action: 'pause', targetAgentId: 'codex' },
      { action: 'pause', targetAgentId: 'docs' },
    ]);
    expect(store.getState().catalog?.agents.every((agent) => agent.state === 'paused')).toBe(true);
    await store.getState().act('resume');
    expect(fake.callsOf('orchestration.control').slice(4)).toEqual([
      { action: 'resume', targetAgentId: 'codex' },
      { action: 'resume', targetAgentId: 'docs' },
      { action: 'resume', workflowId: 'wf_1' },
    ]);
  });
});
