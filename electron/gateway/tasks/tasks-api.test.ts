import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, processAlive, scriptAgent, taskMessage, until, waitForTask, type Api } from '../testing/task-helpers.js';

let h: Harness;
let api: Api;
const pidDir = mkdtempSync(join(tmpdir(), 'agentmesh-pids-'));

beforeAll(async () => {
  h = await startHarness({
    config: () => ({
      agents: [
        scriptAgent('echo', 'echo-agent', { capabilities: ['echo', 'docs'], maxConcurrent: 4 }),
        scriptAgent('echo2', 'echo-agent', { capabilities: ['echo'] }),
        scriptAgent('stdin-echo', 'echo-agent', { capabilities: ['stdin'] }, []),
        scriptAgent('slow', 'slow-agent', { capabilities: ['slow'], maxConcurrent: 1 }, ['{prompt}', '30', join(pidDir, '{taskId}.pid')]),
        scriptAgent('quick', 'slow-agent', { maxConcurrent: 1 }, ['{prompt}', '0.3']),
        scriptAgent('crash', 'crash-agent'),
        { id: 'ghost', adapter: 'command', path: '/nonexistent/agent-binary' },
        scriptAgent('off', 'echo-agent', { enabled: false }),
      ],
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const submit = async (task: string, target = 'gateway', options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
  const res = await api('POST', '/tasks', taskMessage(task, target, options, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.task_id as string;
};

describe('agents API', () => {
  it('lists agents with state, detection and load', async () => {
    const { body } = await api('GET', '/agents');
    const byId = Object.fromEntries(body.map((agent: any) => [agent.id, agent]));
    expect(byId.echo).toMatchObject({ type: 'process', adapter: 'command', state: 'online', status: 'online', lastSeen: expect.any(Number), capabilities: ['echo', 'docs'], maxConcurrent: 4, path: process.execPath });
    expect(byId.ghost).toMatchObject({ state: 'offline', status: 'offline', lastSeen: null });
    expect(byId.ghost.detectError).toMatch(/not found/);
    expect(byId.off.state).toBe('disabled');
  });

  it('registers, edits, re-detects and removes an agent; config agents stay the file\'s', async () => {
    const created = await api('POST', '/agents', { id: 'extra', name: 'Extra', type: 'command', capabilities: ['x'], endpoint: process.execPath });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'extra', status: 'registered', agent: { name: 'Extra', type: 'process', adapter: 'command', source: 'registered' } });
    expect((await api('POST', '/agents', { id: 'extra', type: 'command', endpoint: process.execPath })).status).toBe(409);
    const pathless = await api('POST', '/agents', { id: 'pathless', type: 'command' });
    expect(pathless.status).toBe(400);
    expect(pathless.body.error.message).toMatch(/path: a command agent needs `path`/);
    expect((await api('POST', '/agents', { id: 'bad id!', type: 'nope' })).status).toBe(400);
    const patched = await api('PATCH', '/agents/extra', { enabled: false });
    expect(patched.body.state).toBe('disabled');
    expect((await api('PATCH', '/agents/extra', { maxConcurrent: 0 })).status).toBe(400);
    const detected = await api('POST', '/agents/extra/detect');
    expect(detected.body.detectedAt).not.toBeNull();
    expect((await api('DELETE', '/agents/extra')).status).toBe(204);
    expect((await api('GET', '/agents/extra')).status).toBe(404);
    expect((await api('DELETE', '/agents/echo')).status).toBe(409);
    const disabled = await api('PATCH', '/agents/echo2', { enabled: false });
    expect(disabled.body.state).toBe('disabled');
    expect((await api('POST', '/tasks', taskMessage('hi', 'echo2'))).status).toBe(409);
    await api('PATCH', '/agents/echo2', { enabled: true });
  });
});

describe('tasks', () => {
  it('runs a task on the named agent and keeps its result and event log', async () => {
    const id = await submit('write the release notes', 'echo');
    const task = await waitForTask(api, id);
    expect(task).toMatchObject({ status: 'completed', assigned_agents: ['echo'], result: 'done: write the release notes', exit_code: 0 });
    expect(task.usage).toMatchObject({ inputTokens: 10, outputTokens: 5 });
    expect(task.events_url).toBe(`/tasks/${id}/events`);
    const { body } = await api('GET', `/tasks/${id}/events`);
    const kinds = body.events.map((event: any) => event.body.kind);
    expect(kinds).toEqual(expect.arrayContaining(['status', 'message', 'file_change', 'usage', 'result']));
    expect(body.events.map((event: any) => event.seq)).toEqual(body.events.map((_: unknown, index: number) => index + 1));
    const statuses = body.events.filter((event: any) => event.body.kind === 'status').map((event: any) => event.body.status);
    expect(statuses).toEqual(['pending', 'assigned', 'running', 'completed']);
    expect(body.events.find((event: any) => event.body.kind === 'message').body.text).toBe('working on: write the release notes');
  });

  it('passes the prompt on stdin when the template has no {prompt}', async () => {
    const task = await waitForTask(api, await submit('from stdin', 'stdin-echo'));
    expect(task.result).toBe('done: from stdin');
  });

  it('passes a prompt full of shell syntax verbatim and runs none of it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'agentmesh-inject-'));
    const prompt = '$(touch pwned1); `touch pwned2`; echo "x" > pwned3 && rm -rf ./nothing';
    const task = await waitForTask(api, await submit(prompt, 'echo', { cwd }));
    expect(task.result).toBe(`done: ${prompt}`);
    for (const file of ['pwned1', 'pwned2', 'pwned3']) expect(existsSync(join(cwd, file))).toBe(false);
  });

  it('routes a task for `gateway` by capability, and says clearly when nothing fits', async () => {
    const task = await waitForTask(api, await submit('summarise', 'gateway', { capabilities: ['docs'] }));
    expect(task.assigned_agents).toEqual(['echo']);
    const none = await api('POST', '/tasks', taskMessage('x', 'gateway', { capabilities: ['quantum'] }));
    expect(none.status).toBe(422);
    expect(none.body.error).toMatchObject({ code: 'TASK_FAILED', detail_code: 'NO_AGENT_AVAILABLE' });
    expect(none.body.error.message).toMatch(/quantum/);
    expect((await api('POST', '/tasks', taskMessage('x', 'nobody'))).status).toBe(404);
    expect((await api('POST', '/tasks', { payload: { task: '' } })).status).toBe(400);
  });

  it('fans a task out to several agents in parallel and returns every result', async () => {
    const id = await submit('compare approaches', 'gateway', { agents: ['echo', 'echo2'], mode: 'parallel' });
    const task = await waitForTask(api, id);
    expect(task.status).toBe('completed');
    expect(task.children).toHaveLength(2);
    expect(task.results.map((r: any) => [r.agent, r.status, r.result])).toEqual([
      ['echo', 'completed', 'done: compare approaches'],
      ['echo2', 'completed', 'done: compare approaches'],
    ]);
  });

  it('runs a sequential fan-out one agent after the other', async () => {
    const id = await submit('step', 'gateway', { agents: ['quick', 'echo'], mode: 'sequential' });
    const task = await waitForTask(api, id);
    expect(task.status).toBe('completed');
    const [first, second] = await Promise.all(task.children.map((child: string) => api('GET', `/tasks/${child}`).then((r) => r.body)));
    expect(second.started_at).toBeGreaterThanOrEqual(first.finished_at);
  });

  it('waits for dependencies, and fails a task whose dependency failed', async () => {
    const first = await submit('first', 'quick');
    const second = await submit('second', 'echo', { dependsOn: [first] });
    const done = await waitForTask(api, second);
    const before = await api('GET', `/tasks/${first}`);
    expect(done.status).toBe('completed');
    expect(done.started_at).toBeGreaterThanOrEqual(before.body.finished_at);

    const broken = await submit('boom', 'crash');
    const blocked = await waitForTask(api, await submit('after boom', 'echo', { dependsOn: [broken] }));
    expect(blocked.status).toBe('failed');
    expect(blocked.error.message).toMatch(/dependency .* ended as failed/);
    expect((await api('POST', '/tasks', taskMessage('x', 'echo', { dependsOn: ['task_missing'] }))).status).toBe(400);
  });

  it('fails a crashing agent with its exit code and stderr tail', async () => {
    const task = await waitForTask(api, await submit('break', 'crash'));
    expect(task.status).toBe('failed');
    expect(task.exit_code).toBe(3);
    expect(task.error.message).toMatch(/exited with code 3: fatal: could not open the project/);
  });

  it('refuses a task for an agent whose executable is missing (409 AGENT_OFFLINE, naming why), and queues one for a busy agent', async () => {
    const before = (await api('GET', '/tasks?limit=1')).body.total;
    const refused = await api('POST', '/tasks', taskMessage('x', 'ghost'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'AGENT_OFFLINE', message: "Agent 'ghost' is offline: its executable /nonexistent/agent-binary is missing or not executable" });
    const fanOut = await api('POST', '/tasks', taskMessage('x', 'gateway', { agents: ['echo', 'ghost'] }));
    expect(fanOut.status).toBe(409);
    expect(fanOut.body.error.code).toBe('AGENT_OFFLINE');
    // Nothing was accepted, so nothing "starts" and fails later.
    expect((await api('GET', '/tasks?limit=1')).body.total).toBe(before);
    // The same refusal reaches the dashboard, the tray's quick dispatch and the CLI (all through tasks.submit).
    await expect(h.gateway.handlers['tasks.submit']({ task: 'x', target: 'ghost' })).rejects.toMatchObject({ status: 409, code: 'AGENT_OFFLINE' });
    const running = await submit('hold the slot', 'quick');
    const queued = await api('POST', '/tasks', taskMessage('wait your turn', 'quick'));
    expect(queued.status).toBe(202);
    expect(queued.body.message).toBe('Task queued for quick');
    await waitForTask(api, queued.body.task_id);
    expect((await api('GET', `/tasks/${running}`)).body.status).toBe('completed');
  });

  it('answers a task for an unknown agent with 404 AGENT_NOT_FOUND listing the agents there are', async () => {
    const missing = await api('POST', '/tasks', taskMessage('x', 'nobody'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('AGENT_NOT_FOUND');
    expect(missing.body.error.message).toBe("No agent 'nobody'; the agents are echo, echo2, stdin-echo, slow, quick, crash, ghost, off");
    await expect(h.gateway.handlers['tasks.submit']({ task: 'x', target: 'nobody' })).rejects.toMatchObject({ status: 404, message: expect.stringContaining('echo, echo2') });
  });

  it('cancels a running task and leaves no process of its tree behind', async () => {
    const id = await submit('long job', 'slow');
    await waitForTask(api, id, (task) => task.status === 'running');
    const pidFile = join(pidDir, `${id}.pid`);
    await until(() => existsSync(pidFile), 5_000, 'grandchild pid file');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    const running = await api('GET', `/tasks/${id}`);
    expect(processAlive(running.body.pid)).toBe(true);
    expect(processAlive(grandchild)).toBe(true);
    const cancelled = await api('POST', `/tasks/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    const task = await waitForTask(api, id);
    expect(task.status).toBe('cancelled');
    await until(() => !processAlive(grandchild) && !processAlive(running.body.pid), 6_000, 'process tree gone');
    expect((await api('POST', `/tasks/${id}/cancel`)).status).toBe(409);
  });

  it('times a task out and kills its tree', async () => {
    const task = await waitForTask(api, await submit('too long', 'slow', { timeout: 1 }));
    expect(task.status).toBe('timeout');
    expect(task.error.message).toMatch(/timed out/);
  });

  it('queues tasks past maxConcurrent and runs them in order', async () => {
    const ids = [await submit('q1', 'quick'), await submit('q2', 'quick'), await submit('q3', 'quick')];
    const { body } = await api('GET', '/agents/quick');
    expect(body.running).toBe(1);
    expect(body.queued).toBe(2);
    expect(body.state).toBe('busy');
    const tasks = await Promise.all(ids.map((id) => waitForTask(api, id)));
    expect(tasks.map((task) => task.status)).toEqual(['completed', 'completed', 'completed']);
    for (let i = 1; i < tasks.length; i++) expect(tasks[i].started_at).toBeGreaterThanOrEqual(tasks[i - 1].finished_at);
    const listed = await api('GET', '/tasks?agent=quick&status=completed&limit=2');
    expect(listed.body).toHaveLength(2);
    expect(listed.body.every((task: any) => task.assigned_agents[0] === 'quick' && task.status === 'completed')).toBe(true);
  });

  it('cancels a queued task before it starts', async () => {
    const running = await submit('hold', 'slow');
    const queued = await submit('waiting', 'slow');
    const res = await api('POST', `/tasks/${queued}/cancel`);
    expect(res.body.status).toBe('cancelled');
    await api('POST', `/tasks/${running}/cancel`);
    await waitForTask(api, running);
  });
});

describe('spaces', () => {
  it('gives a task the space history and adds its result to it', async () => {
    const created = await api('POST', '/spaces', { metadata: { project: 'docs' } });
    expect(created.status).toBe(201);
    const spaceId = created.body.space_id;
    const first = await waitForTask(api, await submit('remember the number 42', 'echo', {}, { context: { shared_space_id: spaceId } }));
    expect(first.space_id).toBe(spaceId);
    const second = await waitForTask(api, await submit('what was the number?', 'echo', {}, { context: { shared_space_id: spaceId } }));
    expect(second.result).toContain('remember the number 42');
    expect(second.result).toContain('what was the number?');
    const space = await api('GET', `/spaces/${spaceId}`);
    // Both tasks reported notes.md: one artifact, in its newest version.
    expect(space.body).toMatchObject({ shared_space_id: spaceId, message_count: 4, artifact_count: 1, metadata: { project: 'docs' } });
    expect((await api('GET', '/spaces/space_nope')).status).toBe(404);
    expect((await api('POST', '/tasks', taskMessage('x', 'echo', {}, { context: { shared_space_id: 'space_nope' } }))).status).toBe(404);
  });
});
