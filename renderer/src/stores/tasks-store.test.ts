import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { createFakeApi, settle } from '../testing/fake-api';
import { task, taskEvent } from '../testing/fixtures';
import { createTasksStore } from './tasks-store';

const setup = (handlers: Parameters<typeof createFakeApi>[0] = {}) => {
  const fake = createFakeApi({ 'tasks.list': () => ({ tasks: [task()], total: 1 }), 'tasks.get': ({ id }) => task({ id }), ...handlers });
  const toasts: string[] = [];
  const store = createTasksStore({ api: fake.api, notify: (toast) => toasts.push(toast.message) });
  store.getState().connect();
  return { fake, store, toasts };
};

describe('tasks store: list', () => {
  it('loads with the filter as the query', async () => {
    const { fake, store } = setup();
    await store.getState().setFilter({ status: 'running', agent: 'echo' });
    expect(fake.callsOf('tasks.list')).toEqual([{ status: 'running', agent: 'echo', limit: 50, offset: 0 }]);
    expect(store.getState()).toMatchObject({ loaded: true, total: 1, filter: { status: 'running', agent: 'echo' } });
  });

  it('puts a submitted task at the top, unless it is a child or filtered out', async () => {
    const { fake, store } = setup({ 'tasks.get': ({ id }) => task({ id, parent_id: id === 'child' ? 't1' : null, assigned_agents: id === 'other' ? ['codex'] : ['echo'] }) });
    await store.getState().setFilter({ agent: 'echo' });
    fake.emit('task.submitted', { task_id: 't2', assigned_agents: ['echo'], parent_id: null });
    fake.emit('task.submitted', { task_id: 'child', assigned_agents: ['echo'], parent_id: 't1' });
    fake.emit('task.submitted', { task_id: 'other', assigned_agents: ['codex'], parent_id: null });
    await settle();
    expect(store.getState().tasks.map((entry) => entry.id)).toEqual(['t2', 't1']);
    expect(store.getState().total).toBe(2);
  });

  it('applies status events to rows and fetches the record when a task ends', async () => {
    const { fake, store } = setup();
    await store.getState().loadList();
    fake.emit('task.status', { task_id: 't1', status: 'running', agent: 'codex' });
    expect(store.getState().tasks[0]).toMatchObject({ status: 'running', assigned_agents: ['echo', 'codex'] });
    expect(fake.callsOf('tasks.get')).toHaveLength(0);

    fake.handlers['tasks.get'] = ({ id }) => task({ id, status: 'completed', result: 'hello' });
    fake.emit('task.status', { task_id: 't1', status: 'completed', agent: 'echo' });
    await settle();
    expect(store.getState().tasks[0]).toMatchObject({ status: 'completed', result: 'hello' });
  });

  it('ignores status of tasks it does not show', async () => {
    const { fake, store } = setup();
    await store.getState().loadList();
    fake.emit('task.status', { task_id: 'elsewhere', status: 'completed', agent: null });
    await settle();
    expect(fake.callsOf('tasks.get')).toHaveLength(0);
  });

  it('appends the next page', async () => {
    const { fake, store } = setup();
    await store.getState().loadList();
    fake.handlers['tasks.list'] = () => ({ tasks: [task({ id: 't0' })], total: 2 });
    await store.getState().loadMore();
    expect(fake.callsOf('tasks.list')[1]).toMatchObject({ offset: 1 });
    expect(store.getState().tasks.map((entry) => entry.id)).toEqual(['t1', 't0']);
  });
});

describe('tasks store: task page', () => {
  it('merges live events that overtake the initial fetch, by seq', async () => {
    let release: () => void = () => undefined;
    const { fake, store } = setup({
      'tasks.events': () => new Promise((resolve) => (release = () => resolve([taskEvent(1), taskEvent(2)]))),
    });
    const opening = store.getState().openTask('t1');
    fake.emit('task.event', taskEvent(2));
    fake.emit('task.event', taskEvent(3));
    release();
    await opening;
    expect(store.getState().details.t1?.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    fake.emit('task.event', taskEvent(3));
    fake.emit('task.event', taskEvent(4));
    expect(store.getState().details.t1?.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps no log for tasks nobody has open, and drops it on close', async () => {
    const { fake, store } = setup({ 'tasks.events': () => [] });
    fake.emit('task.event', taskEvent(1, undefined, 'unseen'));
    expect(store.getState().details.unseen).toBeUndefined();
    await store.getState().openTask('t1');
    await store.getState().openTask('t1');
    store.getState().closeTask('t1');
    expect(store.getState().details.t1).toBeDefined();
    store.getState().closeTask('t1');
    expect(store.getState().details.t1).toBeUndefined();
  });

  it('shows a missing task as an error on its page', async () => {
    const { store } = setup({ 'tasks.get': () => Promise.reject(new ApiError('TASK_NOT_FOUND', 'No task nope')), 'tasks.events': () => [] });
    await store.getState().openTask('nope');
    expect(store.getState().details.nope).toMatchObject({ loading: false, error: 'No task nope' });
  });

  it('refetches an open task at every status step', async () => {
    const { fake, store } = setup({ 'tasks.events': () => [] });
    await store.getState().openTask('t1');
    fake.handlers['tasks.get'] = ({ id }) => task({ id, status: 'running', started_at: '2026-01-01T00:00:01.000Z' });
    fake.emit('task.status', { task_id: 't1', status: 'running', agent: 'echo' });
    await settle();
    expect(store.getState().details.t1?.task).toMatchObject({ status: 'running', started_at: '2026-01-01T00:00:01.000Z' });
  });

  it('cancels, and shows a refusal on the page', async () => {
    const { fake, store } = setup({ 'tasks.events': () => [], 'tasks.cancel': ({ id }) => ({ task_id: id, status: 'cancelled' }) });
    await store.getState().openTask('t1');
    await store.getState().cancel('t1');
    expect(store.getState().details.t1?.task?.status).toBe('cancelled');

    fake.handlers['tasks.cancel'] = () => Promise.reject(new ApiError('TASK_FINISHED', 'already finished'));
    await store.getState().cancel('t1');
    expect(store.getState().details.t1).toMatchObject({ acting: null, actionError: 'already finished' });
  });

  it('re-runs into a new task id', async () => {
    const { store } = setup({ 'tasks.events': () => [], 'tasks.rerun': () => ({ task_id: 't9', status: 'pending', message: 'ok' }) });
    await store.getState().openTask('t1');
    await expect(store.getState().rerun('t1')).resolves.toBe('t9');
  });

  it('catches open tasks up after the stream was down', async () => {
    const { fake, store } = setup({ 'tasks.events': ({ after }) => (after ? [taskEvent(3)] : [taskEvent(1), taskEvent(2)]) });
    await store.getState().openTask('t1');
    await store.getState().resyncOpen();
    expect(fake.callsOf('tasks.events')[1]).toEqual({ id: 't1', after: 2 });
    expect(store.getState().details.t1?.events.map((event) => event.seq)).toEqual([1, 2, 3]);
  });
});

describe('tasks store: submit', () => {
  it('returns the new id and lists the task; a refusal rejects for the form', async () => {
    const { store } = setup({ 'tasks.submit': () => ({ task_id: 't5', status: 'pending', message: 'queued' }) });
    await store.getState().loadList();
    await expect(store.getState().submit({ task: 'hi', target: 'gateway' })).resolves.toMatchObject({ task_id: 't5' });
    await settle();
    expect(store.getState().tasks[0]?.id).toBe('t5');

    const refused = setup({ 'tasks.submit': () => Promise.reject(new ApiError('NO_AGENT', 'No agent can take it')) });
    await expect(refused.store.getState().submit({ task: 'hi' })).rejects.toThrow('No agent can take it');
  });
});
