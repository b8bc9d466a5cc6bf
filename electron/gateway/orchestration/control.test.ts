import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTestConfig, startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, processAlive, scriptAgent, until, waitForTask, type Api } from '../testing/task-helpers.js';

// POST /api/v1/agents/control: each action, against real agent processes.
let h: Harness;
let api: Api;
const dir = mkdtempSync(join(tmpdir(), 'control-'));

beforeAll(async () => {
  h = await startHarness({
    config: (url) => {
      const base = defaultTestConfig(url);
      return {
        ...base,
        routes: [...base.routes, { match: 'failover', to: ['chatty:chat-model', 'respy:resp-model'] }],
        agents: [
          // progress-agent steps on marker files named after its prompt.
          scriptAgent('worker', 'progress-agent', {}, ['{prompt}', '{prompt}']),
          scriptAgent('sessions', 'session-agent', { maxConcurrent: 4 }),
        ],
      };
    },
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const control = (body: Record<string, unknown>) => api('POST', '/api/v1/agents/control', body);
const dispatch = async (targetAgentId: string, task: string, extra: Record<string, unknown> = {}) => (await api('POST', '/api/v1/agents/dispatch', { targetAgentId, task, ...extra })).body;
const status = async (id: string) => (await api('GET', `/tasks/${id}`)).body;
const finish = (prefix: string) => ['run-command', 'command-done', 'finish'].forEach((step) => writeFileSync(`${prefix}.${step}`, ''));
const events = async (id: string) => (await api('GET', `/tasks/${id}/events`)).body.events.map((event: any) => event.body);
const working = (id: string) => until(async () => (await events(id)).some((event: any) => event.kind === 'message' && /working on|Looking into/.test(event.text)), 10_000, `task ${id} working`);

describe('pause and resume an agent', () => {
  it('lets running work finish while the queue holds, then starts the queue on resume', async () => {
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    const one = await dispatch('worker', first);
    await working(one.taskId);
    const paused = await control({ action: 'pause', targetAgentId: 'worker' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ action: 'pause', ok: true, targetAgentId: 'worker' });
    expect((await api('GET', '/api/v1/agents/catalog')).body.agents.find((agent: any) => agent.id === 'worker').state).toBe('paused');
    const two = await dispatch('worker', second);
    finish(first);
    expect((await waitForTask(api, one.taskId)).status).toBe('completed');
    expect((await status(two.taskId)).status).toBe('pending');

    const resumed = await control({ action: 'resume', targetAgentId: 'worker' });
    expect(resumed.body.message).toContain("agent 'worker' resumed");
    await working(two.taskId);
    finish(second);
    expect((await waitForTask(api, two.taskId)).status).toBe('completed');
  });

  it('pauses a provider: routing skips it until it is resumed', async () => {
    const client = new OpenAI({ apiKey: h.token, baseURL: h.v1, maxRetries: 0 });
    const ask = async () => {
      await client.chat.completions.create({ model: 'failover', messages: [{ role: 'user', content: 'hi' }] });
      return h.gateway.services.ledger.recent(1)[0]!.provider;
    };
    expect(await ask()).toBe('chatty');
    expect((await control({ action: 'pause', providerId: 'chatty' })).body.message).toContain('routing skips it');
    expect(await ask()).toBe('respy');
    const seen = await control({ action: 'status', providerId: 'chatty' });
    expect(seen.body.providers).toEqual([{ id: 'chatty', available: false, paused: true, reason: 'paused' }]);
    await control({ action: 'resume', providerId: 'chatty' });
    expect(await ask()).toBe('chatty');
    expect((await control({ action: 'pause', providerId: 'nope' })).body.error.code).toBe('PROVIDER_NOT_FOUND');
  });
});

describe('interrupt, cancel and hard stops', () => {
  it('interrupts with SIGINT, keeps the session, and a resume of the workflow continues it', async () => {
    const prefix = join(dir, 'interrupt-me');
    const run = await dispatch('sessions', `${prefix} long job`, { workflowId: 'wf-interrupt' });
    await working(run.taskId);
    const res = await control({ action: 'interrupt', workflowId: 'wf-interrupt' });
    // The answer waits for the stop: it says how the task ended.
    expect(res.body.tasks.map((task: any) => [task.taskId, task.status])).toEqual([[run.taskId, 'interrupted']]);
    const task = await waitForTask(api, run.taskId);
    expect(task.status).toBe('interrupted');
    expect(existsSync(`${prefix}.sigint`)).toBe(true);
    expect(task.agent_session_id).toMatch(/^sess-\d+$/);

    const again = await control({ action: 'resume', workflowId: 'wf-interrupt' });
    expect(again.body.tasks).toHaveLength(1);
    const continued = await waitForTask(api, again.body.tasks[0].taskId);
    expect(continued).toMatchObject({ status: 'completed', result: `continued ${task.agent_session_id}`, workflow_id: 'wf-interrupt' });
    // Resuming again finds nothing left to continue.
    expect((await control({ action: 'resume', workflowId: 'wf-interrupt' })).body).toMatchObject({ message: 'nothing to resume', tasks: [] });
  });

  it('cancels an agent\'s work (SIGTERM); hard kills at once a process that ignores signals', async () => {
    const soft = await dispatch('sessions', 'polite job');
    const deaf = await dispatch('sessions', 'deaf job', { sessionId: 'sess-deaf' });
    await Promise.all([working(soft.taskId), working(deaf.taskId)]);
    const pid = (await status(deaf.taskId)).pid;
    const started = Date.now();
    const killed = await control({ action: 'cancel', sessionId: 'sess-deaf', hard: true });
    expect(killed.body.message).toContain('killed at once');
    expect(killed.body.tasks).toEqual([expect.objectContaining({ taskId: deaf.taskId, status: 'cancelled', sessionId: 'sess-deaf' })]);
    expect((await waitForTask(api, deaf.taskId)).status).toBe('cancelled');
    // Well inside the 3 s a SIGTERM would be given before SIGKILL.
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(processAlive(pid)).toBe(false);
    await control({ action: 'cancel', targetAgentId: 'sessions' });
    expect((await waitForTask(api, soft.taskId)).status).toBe('cancelled');
  });

  it('interrupts a task still in the queue, so its workflow can be resumed as a whole', async () => {
    await control({ action: 'pause', targetAgentId: 'worker' });
    const queued = await dispatch('worker', join(dir, 'never'), { workflowId: 'wf-queued' });
    await control({ action: 'interrupt', workflowId: 'wf-queued' });
    expect((await status(queued.taskId)).status).toBe('interrupted');
    await control({ action: 'resume', targetAgentId: 'worker' });
  });
});

describe('status', () => {
  it('reports an agent, a session and a workflow', async () => {
    const done = await dispatch('sessions', 'status probe', { sessionId: 'sess-status', workflowId: 'wf-status' });
    await working(done.taskId);
    const agent = await control({ action: 'status', targetAgentId: 'sessions' });
    expect(agent.body.agents).toEqual([expect.objectContaining({ id: 'sessions', running: 1, max: 4, paused: false, state: 'online' })]);
    expect(agent.body.tasks.some((task: any) => task.taskId === done.taskId && task.status === 'running')).toBe(true);
    const session = await control({ action: 'status', sessionId: 'sess-status' });
    expect(session.body.tasks.map((task: any) => task.taskId)).toEqual([done.taskId]);
    const workflow = await control({ action: 'status', workflowId: 'wf-status' });
    expect(workflow.body.tasks[0]).toMatchObject({ taskId: done.taskId, workflowId: 'wf-status', sessionId: 'sess-status', agentId: 'sessions' });
    await control({ action: 'cancel', workflowId: 'wf-status' });
  });

  it('refuses actions that name nothing to act on', async () => {
    const bad = await control({ action: 'cancel' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('cancel needs targetAgentId, sessionId or workflowId');
    expect((await control({ action: 'pause' })).status).toBe(400);
    expect((await control({ action: 'reboot', targetAgentId: 'worker' })).status).toBe(400);
  });
});
