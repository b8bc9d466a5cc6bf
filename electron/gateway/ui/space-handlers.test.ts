import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, until, waitForTask, type Api } from '../testing/task-helpers.js';

// The UI contract behind the dashboard's space page, the New task dialog's fan-out and the
// agent cards' "working on" links, over the browser face (POST /api/<method>).
let h: Harness;
let api: Api;

beforeAll(async () => {
  h = await startHarness({
    config: () => ({
      agents: [scriptAgent('echo', 'echo-agent'), scriptAgent('echo2', 'echo-agent'), scriptAgent('slow', 'slow-agent', {}, ['{prompt}', '30'])],
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const call = async (method: string, input: unknown) => {
  const res = await api('POST', `/api/${method}`, input);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('spaces.get', () => {
  it('opens a space to its history, newest first, and its tasks', async () => {
    const space = await call('spaces.create', { metadata: { name: 'release-2.4' } });
    const first = await call('tasks.submit', { task: 'draft the notes', target: 'echo', spaceId: space.shared_space_id });
    await waitForTask(api, first.task_id);
    const second = await call('tasks.submit', { task: 'polish the notes', target: 'echo', spaceId: space.shared_space_id });
    await waitForTask(api, second.task_id);

    const detail = await call('spaces.get', { id: space.shared_space_id });
    expect(detail.space).toMatchObject({ shared_space_id: space.shared_space_id, metadata: { name: 'release-2.4' }, message_count: 4, artifact_count: 1 });
    // One artifact (notes.md) in two versions: the count is of artifacts, the history shows each change.
    expect(detail.tasks.map((task: any) => task.id)).toEqual([second.task_id, first.task_id]);
    const said = detail.history.filter((entry: any) => entry.kind === 'message').map((entry: any) => [entry.role, entry.content]);
    expect(said).toEqual([
      // The second task saw the first one's exchange (and its own prompt only once, as its task).
      ['agent', 'done: Shared space history (most recent last):\n[user] draft the notes\n[echo] done: draft the notes\n\nYour task:\npolish the notes'],
      ['user', 'polish the notes'],
      ['agent', 'done: draft the notes'],
      ['user', 'draft the notes'],
    ]);
    expect(detail.history.filter((entry: any) => entry.kind === 'artifact')).toEqual([
      expect.objectContaining({ name: 'notes.md', change: 'add', task_id: second.task_id }),
      expect.objectContaining({ name: 'notes.md', change: 'add', task_id: first.task_id }),
    ]);
    const times = detail.history.map((entry: any) => entry.created_at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('answers 404 for a space that does not exist', async () => {
    const res = await api('POST', '/api/spaces.get', { id: 'space_nope' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('SPACE_NOT_FOUND');
  });
});

describe('tasks.submit fan-out and tasks.active', () => {
  it('sends one task to several agents one after another', async () => {
    const parent = await call('tasks.submit', { task: 'review the diff', agents: ['echo', 'echo2'], mode: 'sequential' });
    const done = await waitForTask(api, parent.task_id);
    expect(done.status).toBe('completed');
    expect(done.results.map((result: any) => result.agent)).toEqual(['echo', 'echo2']);
    const [, second] = done.results;
    expect((await api('GET', `/tasks/${second.task_id}`)).body.depends_on).toEqual([done.results[0].task_id]);
    expect((await api('POST', '/api/tasks.submit', { task: 'x', agents: ['echo'] })).status).toBe(400);
  });

  it('lists the tasks agents are working on now, a fan-out by its children', async () => {
    const parent = await call('tasks.submit', { task: 'a long job', agents: ['slow', 'echo'] });
    await until(async () => (await call('tasks.active', {})).some((task: any) => task.agent === 'slow' && task.status === 'running'), 10_000, 'slow to run');
    const active = await call('tasks.active', {});
    expect(active.map((task: any) => task.task_id)).not.toContain(parent.task_id);
    expect(active.find((task: any) => task.agent === 'slow')).toMatchObject({ prompt: 'a long job', status: 'running' });
    await api('POST', `/tasks/${parent.task_id}/cancel`);
    await waitForTask(api, parent.task_id);
    expect(await call('tasks.active', {})).toEqual([]);
  });
});
