import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../testing/fake-api';
import { configFileSelectors, createConfigFileStore } from './config-file-store';

describe('config file store', () => {
  it('loads the file status and follows it live as the file breaks and is fixed', async () => {
    const fake = createFakeApi({ 'config.status': () => ({ path: '/etc/agentmesh.yaml', error: null }) });
    const store = createConfigFileStore({ api: fake.api, notify: () => undefined });
    const off = store.getState().connect();
    await store.getState().load();
    expect(configFileSelectors.error(store.getState())).toBeNull();
    const broken = { path: '/etc/agentmesh.yaml', error: { message: 'invalid YAML', line: 4 } };
    fake.emit('config.status', broken);
    expect(configFileSelectors.error(store.getState())).toEqual(broken.error);
    fake.emit('config.status', { path: '/etc/agentmesh.yaml', error: null });
    expect(configFileSelectors.error(store.getState())).toBeNull();
    off();
    expect(fake.listenerCount('config.status')).toBe(0);
  });
});
