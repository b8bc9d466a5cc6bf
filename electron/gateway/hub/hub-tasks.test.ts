import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { connectRawAgent, type RawConnect, type RawHubAgent } from '../testing/raw-hub-agent.js';
import { apiOf, scriptAgent, taskMessage, until, waitForTask, type Api } from '../testing/task-helpers.js';

// Tasks on remote agents, driven by bare sockets: what the agent receives, what it may send
// back, and what happens when it drops mid-task.
let h: Harness;
let api: Api;
const open: RawHubAgent[] = [];

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'up', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-provider-secret-key-456', models: ['m'] }],
      agents: [scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] })],
      hub: { heartbeatInterval: 0.5, heartbeatTimeout: 3 },
    }),
  });
  api = apiOf(h);
});
afterAll(async () => {
  for (const agent of open) agent.close();
  await h.close();
});

const connect = async (params: Omit<RawConnect, 'token'>) => {
  const agent = await connectRawAgent(h.url, { token: h.token, ...params });
  open.push(agent);
  return agent;
};
const submit = async (target: string, task: string, options: Record<string, unknown> = {}) => {
  const { status, body } = await api('POST', '/tasks', taskMessage(task, target, options));
  expect(status).toBe(202);
  return body.task_id as string;
};
const events = async (id: string) => (await api('GET', `/tasks/${id}/events`)).body.events.map((event: any) => event.body);

describe('tasks on remote agents', () => {
  it('delivers a task frame, turns progress into task events, and completes the task with the result', async () => {
    const agent = await connect({ agent_id: 'remote-coder', capabilities: '["code"]' });
    const id = await submit('remote-coder', 'write the docs', { model: 'big-model' });
    const frame = await agent.next('task');
    expect(frame).toEqual({
      type: 'task',
      task_id: id,
      conversation_id: id,
      prompt: 'write the docs',
      options: { model: 'big-model' },
      metadata: expect.objectContaining({ source: 'test', created_at: expect.any(String) }),
    });
    // A remote agent never receives the management token or a provider key.
    expect(JSON.stringify(frame)).not.toContain(h.token);
    expect(JSON.stringify(frame)).not.toContain('sk-provider-secret');
    await waitForTask(api, id, (task) => task.status === 'running');
    expect((await api('GET', '/agents/remote-coder')).body).toMatchObject({ state: 'busy', running: 1 });

    agent.send({ type: 'progress', task_id: id, text: 'half way', percent: 50 });
    await until(async () => (await api('GET', `/tasks/${id}`)).body.progress === 50);
    agent.send({ type: 'result', conversation_id: id, success: true, result: 'docs written', metadata: {} });
    expect(await agent.next('ack')).toMatchObject({ conversation_id: id, status: 'delivered' });
    const done = await waitForTask(api, id);
    expect(done).toMatchObject({ status: 'completed', result: 'docs written', progress: 50 });
    expect(await events(id)).toEqual(expect.arrayContaining([{ kind: 'progress', percent: 50, text: 'half way' }, { kind: 'result', text: 'docs written' }]));
  });

  it('routes a task by capability to a remote agent, and fails it when the agent reports failure', async () => {
    const agent = await connect({ agent_id: 'researcher', capabilities: 'research,search' });
    const id = await submit('gateway', 'find the paper', { capabilities: ['research'] });
    const frame = await agent.next('task');
    expect(frame.task_id).toBe(id);
    agent.send({ type: 'result', conversation_id: id, success: false, result: 'paywalled' });
    expect(await waitForTask(api, id)).toMatchObject({ status: 'failed', error: { message: 'paywalled' }, assigned_agents: ['researcher'] });
  });

  it('sends cancel to the agent when the task is cancelled, and refuses a late result', async () => {
    const agent = await connect({ agent_id: 'cancellable' });
    const id = await submit('cancellable', 'a long job');
    await agent.next('task');
    expect((await api('POST', `/tasks/${id}/cancel`)).status).toBe(200);
    expect(await agent.next('cancel')).toEqual({ type: 'cancel', task_id: id });
    expect((await waitForTask(api, id)).status).toBe('cancelled');
    agent.send({ type: 'result', conversation_id: id, success: true, result: 'too late' });
    expect(await agent.next('error')).toMatchObject({ code: 'INVALID_MESSAGE' });
    expect((await api('GET', `/tasks/${id}`)).body.result).toBeNull();
  });

  it('stops a task at its timeout and tells the agent', async () => {
    const agent = await connect({ agent_id: 'slowpoke' });
    const id = await submit('slowpoke', 'never finishes', { timeout: 1 });
    await agent.next('task');
    expect(await agent.next('cancel', 5_000)).toEqual({ type: 'cancel', task_id: id });
    expect(await waitForTask(api, id)).toMatchObject({ status: 'timeout', error: { message: expect.stringMatching(/timed out/) } });
  });

  it('lets only the task\'s own agent report on it', async () => {
    const owner = await connect({ agent_id: 'owner' });
    const intruder = await connect({ agent_id: 'intruder' });
    const id = await submit('owner', 'mine');
    await owner.next('task');
    intruder.send({ type: 'result', conversation_id: id, success: true, result: 'stolen' });
    expect(await intruder.next('error')).toMatchObject({ code: 'UNAUTHORIZED' });
    intruder.send({ type: 'progress', task_id: id, percent: 99 });
    expect(await intruder.next('error')).toMatchObject({ code: 'UNAUTHORIZED' });
    owner.send({ type: 'result', conversation_id: id, success: true, result: 'mine, done' });
    expect(await waitForTask(api, id)).toMatchObject({ status: 'completed', result: 'mine, done' });
  });

  it('queues tasks beyond the agent\'s max_concurrent', async () => {
    const agent = await connect({ agent_id: 'single', max_concurrent: 1 });
    const first = await submit('single', 'one');
    const second = await submit('single', 'two');
    expect((await agent.next('task')).task_id).toBe(first);
    expect((await api('GET', `/tasks/${second}`)).body.status).toBe('pending');
    agent.send({ type: 'result', conversation_id: first, success: true, result: '1' });
    expect((await agent.next('task')).task_id).toBe(second);
    agent.send({ type: 'result', conversation_id: second, success: true, result: '2' });
    expect((await waitForTask(api, second)).status).toBe('completed');
  });
});

describe('an agent that drops mid-task', () => {
  it('gets the task again when it reconnects within heartbeat_timeout, and can finish it', async () => {
    const first = await connect({ agent_id: 'flaky' });
    const id = await submit('flaky', 'survive a reconnect');
    await first.next('task');
    first.close();
    await first.closed;
    await until(async () => (await api('GET', '/agents/flaky')).body.state === 'offline');
    const again = await connect({ agent_id: 'flaky' });
    expect(await again.next('task')).toMatchObject({ task_id: id, prompt: 'survive a reconnect' });
    again.send({ type: 'result', conversation_id: id, success: true, result: 'made it' });
    expect(await waitForTask(api, id)).toMatchObject({ status: 'completed', result: 'made it' });
    const messages = (await events(id)).filter((body: any) => body.kind === 'status').map((body: any) => body.message ?? '');
    expect(messages.join('\n')).toMatch(/disconnected; waiting up to 3s/);
    expect(messages.join('\n')).toMatch(/is back .* sent again/);
  });

  it('fails the task as interrupted when the agent does not come back in time', async () => {
    const agent = await connect({ agent_id: 'gone-for-good' });
    const id = await submit('gone-for-good', 'abandoned');
    await agent.next('task');
    const closedAt = Date.now();
    agent.close();
    const task = await waitForTask(api, id);
    expect(task).toMatchObject({ status: 'interrupted', error: { message: expect.stringMatching(/disconnected mid-task and did not come back within 3s/) } });
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(2_900);
  });

  it('holds a task for a known agent that is offline until it connects', async () => {
    const agent = await connect({ agent_id: 'late-riser' });
    agent.close();
    await until(async () => (await api('GET', '/agents/late-riser')).body.state === 'offline');
    const id = await submit('late-riser', 'when you are back');
    const back = await connect({ agent_id: 'late-riser' });
    expect((await back.next('task')).task_id).toBe(id);
    back.send({ type: 'result', conversation_id: id, success: true, result: 'back and done' });
    expect((await waitForTask(api, id)).status).toBe('completed');
  });
});
