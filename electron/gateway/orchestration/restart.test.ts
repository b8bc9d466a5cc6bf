import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHubGateway, type HubGateway } from '../testing/hub-gateway.js';
import { scriptAgent, until, waitForTask } from '../testing/task-helpers.js';

// A gateway stopped in the middle of an orchestration: the orchestrator's task and the task it
// dispatched both come back interrupted (a task with dispatched children is no fan-out parent,
// which its children would settle), and resuming the workflow runs the orchestrator again.
let g: HubGateway;

beforeAll(async () => {
  g = await startHubGateway({
    agents: [scriptAgent('boss', 'orchestrator-agent', {}, []), scriptAgent('worker', 'session-agent')],
    orchestration: { orchestrator: 'boss' },
  });
});
afterAll(() => g.close());

it('interrupts both at a restart, and a resume of the workflow reruns the orchestrator only', async () => {
  const call = JSON.stringify({ tool: 'agent.dispatch', arguments: { targetAgentId: 'worker', task: 'a long build' } });
  const sent = (await g.api('POST', '/api/v1/message', { message: call })).body;
  let childId = '';
  await until(async () => {
    const root = (await g.api('GET', `/tasks/${sent.taskId}`)).body;
    childId = root.children[0] ?? '';
    return Boolean(childId) && (await g.api('GET', `/tasks/${childId}`)).body.status === 'running';
  }, 20_000, 'the child running');

  await g.restart();
  const root = await waitForTask(g.api, sent.taskId);
  const child = await waitForTask(g.api, childId);
  expect(root.status).toBe('interrupted');
  expect(child).toMatchObject({ status: 'interrupted', parent_id: sent.taskId, workflow_id: sent.workflowId });

  const resumed = await g.api('POST', '/api/v1/agents/control', { action: 'resume', workflowId: sent.workflowId });
  expect(resumed.body.tasks).toHaveLength(1);
  expect(resumed.body.tasks[0]).toMatchObject({ agentId: 'boss', workflowId: sent.workflowId, parentTaskId: null });
  await g.api('POST', '/api/v1/agents/control', { action: 'cancel', workflowId: sent.workflowId, hard: true });
  expect((await waitForTask(g.api, resumed.body.tasks[0].taskId)).status).toBe('cancelled');
});
