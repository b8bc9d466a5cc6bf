import type { SpaceDetail, SpaceView } from '@shared/contract';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { createFakeApi, settle } from '../testing/fake-api';
import { task } from '../testing/fixtures';
import { createSpacesStore, spaceName } from './spaces-store';

const space = (overrides: Partial<SpaceView> = {}): SpaceView => ({
  shared_space_id: 'space_1',
  message_count: 0,
  artifact_count: 0,
  metadata: {},
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  ...overrides,
});
const detail = (tasks = [task({ space_id: 'space_1' })]): SpaceDetail => ({ space: space(), history: [], tasks });

const setup = (handlers: Parameters<typeof createFakeApi>[0] = {}) => {
  const fake = createFakeApi({ 'spaces.get': () => detail(), ...handlers });
  const store = createSpacesStore({ api: fake.api, notify: () => undefined });
  store.getState().connect();
  return { fake, store };
};

describe('spaces store', () => {
  it('opens a space, and refreshes it when one of its tasks changes, not for other tasks', async () => {
    const { fake, store } = setup();
    await store.getState().openSpace('space_1');
    expect(store.getState().open).toMatchObject({ id: 'space_1', detail: { tasks: [{ id: 't1' }] }, error: null });

    fake.handlers['spaces.get'] = () => detail([task({ id: 't2', space_id: 'space_1' }), task({ space_id: 'space_1' })]);
    fake.emit('task.status', { task_id: 'elsewhere', status: 'running', agent: 'echo', space_id: null });
    await settle();
    expect(fake.callsOf('spaces.get')).toHaveLength(1);
    fake.emit('task.status', { task_id: 't2', status: 'running', agent: 'echo', space_id: 'space_1' });
    await settle();
    expect(store.getState().open?.detail?.tasks.map((entry) => entry.id)).toEqual(['t2', 't1']);

    store.getState().closeSpace('space_1');
    fake.emit('task.status', { task_id: 't2', status: 'completed', agent: 'echo', space_id: 'space_1' });
    await settle();
    expect(fake.callsOf('spaces.get')).toHaveLength(2);
  });

  it('keeps what it showed when a refresh fails, and says why', async () => {
    const { fake, store } = setup();
    await store.getState().openSpace('space_1');
    fake.handlers['spaces.get'] = () => Promise.reject(new ApiError('DOWN', 'gateway down'));
    await store.getState().openSpace('space_1');
    expect(store.getState().open).toMatchObject({ detail: { tasks: [{ id: 't1' }] }, error: 'gateway down' });
  });

  it('names a space by its name metadata', () => {
    expect(spaceName(space({ metadata: { name: 'release-2.4' } }))).toBe('release-2.4');
    expect(spaceName(space({ metadata: { project: 'docs' } }))).toBeNull();
  });
});
