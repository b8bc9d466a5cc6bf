import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { createFakeApi, settle } from '../testing/fake-api';
import { agent } from '../testing/fixtures';
import { createAgentsStore } from './agents-store';

const setup = (handlers: Parameters<typeof createFakeApi>[0] = {}) => {
  const fake = createFakeApi({ 'agents.list': () => [agent()], 'tasks.active': () => [], ...handlers });
  const toasts: string[] = [];
  const store = createAgentsStore({ api: fake.api, notify: (toast) => toasts.push(toast.message) });
  return { fake, store, toasts };
};

describe('agents store', () => {
  it('loads the list, and keeps a failure inline', async () => {
    const { store } = setup();
    await store.getState().load();
    expect(store.getState()).toMatchObject({ loaded: true, error: null, agents: [{ id: 'echo' }] });

    const failing = setup({ 'agents.list': () => Promise.reject(new ApiError('DOWN', 'gateway down')) });
    await failing.store.getState().load();
    expect(failing.store.getState()).toMatchObject({ loaded: false, error: 'gateway down' });
  });

  it('refetches on agents.changed and task.status, folding a burst into two calls', async () => {
    const { fake, store } = setup();
    const off = store.getState().connect();
    fake.handlers['agents.list'] = () => [agent({ state: 'busy', running: 1 })];
    fake.emit('agents.changed', { id: 'echo' });
    fake.emit('task.status', { task_id: 't1', status: 'running', agent: 'echo' });
    fake.emit('agents.changed', { id: 'echo' });
    await settle();
    await settle();
    expect(fake.callsOf('agents.list')).toHaveLength(2);
    expect(store.getState().agents[0]).toMatchObject({ state: 'busy', running: 1 });
    off();
    expect(fake.listenerCount('agents.changed')).toBe(0);
    expect(fake.listenerCount('task.status')).toBe(0);
  });

  it('knows which task each busy agent is working on, and forgets it when the task ends', async () => {
    const { fake, store } = setup({
      'agents.list': () => [agent({ state: 'busy', running: 1 })],
      'tasks.active': () => [{ task_id: 't9', agent: 'echo', status: 'running', prompt: 'fix the build', started_at: '2026-01-01T00:00:00.000Z' }],
    });
    store.getState().connect();
    await store.getState().load();
    expect(store.getState().activeTasks.echo).toMatchObject([{ task_id: 't9', prompt: 'fix the build' }]);
    fake.handlers['tasks.active'] = () => [];
    fake.emit('task.status', { task_id: 't9', status: 'completed', agent: 'echo' });
    await settle();
    expect(store.getState().activeTasks.echo).toBeUndefined();
  });

  it('toasts a failed background refresh once the list is shown', async () => {
    const { fake, store, toasts } = setup();
    await store.getState().load();
    store.getState().connect();
    fake.handlers['agents.list'] = () => Promise.reject(new ApiError('DOWN', 'gateway down'));
    fake.emit('agents.changed', { id: 'echo' });
    await settle();
    expect(toasts).toEqual(['Could not refresh agents: gateway down']);
    expect(store.getState().agents).toHaveLength(1);
  });

  it('toggles an agent, and shows a failure on its card', async () => {
    const { fake, store } = setup({ 'agents.update': ({ id, patch }) => agent({ id, enabled: patch.enabled ?? true, state: 'disabled' }) });
    await store.getState().load();
    await store.getState().setEnabled('echo', false);
    expect(fake.callsOf('agents.update')).toEqual([{ id: 'echo', patch: { enabled: false } }]);
    expect(store.getState().agents[0]).toMatchObject({ enabled: false, state: 'disabled' });
    expect(store.getState().busy.echo).toBeUndefined();

    fake.handlers['agents.detect'] = () => Promise.reject(new ApiError('AGENT_NOT_FOUND', 'no agent echo'));
    await store.getState().detect('echo');
    expect(store.getState().actionErrors.echo).toBe('no agent echo');
  });

  it('rejects form actions so the form can show the message', async () => {
    const { store } = setup({ 'agents.update': () => Promise.reject(new ApiError('INVALID', 'maxConcurrent: too big')) });
    await expect(store.getState().update('echo', { maxConcurrent: 99 })).rejects.toThrow('maxConcurrent: too big');
  });

  it('adds a registered agent and drops a removed one', async () => {
    const { store } = setup({
      'agents.register': ({ agent: input }) => agent({ id: input.id, source: 'registered' }),
      'agents.remove': () => ({ removed: true }),
    });
    await store.getState().load();
    await store.getState().register({ id: 'shell', adapter: 'command', path: '/bin/sh' });
    expect(store.getState().agents.map((entry) => entry.id)).toEqual(['echo', 'shell']);
    await store.getState().remove('shell');
    expect(store.getState().agents.map((entry) => entry.id)).toEqual(['echo']);
  });
});
