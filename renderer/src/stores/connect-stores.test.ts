import { describe, expect, it } from 'vitest';
import { createFakeApi, settle } from '../testing/fake-api';
import { agent, task } from '../testing/fixtures';
import { connectStores, createStores } from './connect-stores';

describe('connectStores', () => {
  it('mirrors the stream state and refetches what was loaded when the stream comes back', async () => {
    const fake = createFakeApi({ 'agents.list': () => [agent()], 'tasks.active': () => [], 'tasks.list': () => ({ tasks: [task()], total: 1 }) });
    const stores = createStores(fake.api);
    const disconnect = connectStores(stores, fake.api);
    await stores.agents.getState().load();
    expect(stores.ui.getState().connection).toBe('open');

    fake.setConnection('reconnecting');
    expect(stores.ui.getState().connection).toBe('reconnecting');
    fake.setConnection('open');
    await settle();
    expect(fake.callsOf('agents.list')).toHaveLength(2);
    // Never loaded, so not fetched behind the user's back.
    expect(fake.callsOf('tasks.list')).toHaveLength(0);

    disconnect();
    expect(fake.listenerCount('task.status')).toBe(0);
  });
});
