import { describe, expect, it } from 'vitest';
import { createFakeApi, settle } from '../testing/fake-api';
import { createMonitorStore } from './monitor-store';

const snapshot = { snapshot_id: 'snap-1', agent_id: 'echo', timestamp: '2026-01-01T00:00:00Z', preset_name: 'none', variables: {}, checksum: 'abc', description: null };

function setup() {
  let preset = 'none';
  const fake = createFakeApi({
    'monitor.locks': () => [],
    'audit.list': () => ({ entries: [], total: 0 }),
    'env.presets': () => ({ presets: [{ name: 'fast', description: null, variables: {}, routeModelsThroughGateway: null }], active: [{ agent_id: 'echo', preset, overrides: {}, switched_at: null, inherited: false }] }),
    'env.snapshots': () => ({ snapshots: [snapshot], total_count: 1 }),
    'env.switch': ({ preset: next }) => {
      preset = next;
      return { previous_preset: 'none', current_preset: next, snapshot_id: 'snap-2', switched_at: 'now' };
    },
    'monitor.metrics': ({ agentId }) => ({ metrics: [{ agent_id: agentId, timestamp: '2026-01-01T00:00:00Z', status: 'idle', cpu_percent: null }], total_count: 1 }),
  });
  const toasts: string[] = [];
  const store = createMonitorStore({ api: fake.api, notify: (toast) => void toasts.push(toast.message) });
  return { fake, store, toasts };
}

describe('monitor store', () => {
  it('loads locks, audit, presets and the selected agent\'s samples (an hour, a point a minute)', async () => {
    const { fake, store } = setup();
    await store.getState().selectAgent('echo');
    await store.getState().load();
    expect(store.getState()).toMatchObject({ loaded: true, samples: [{ agent_id: 'echo' }], snapshots: [snapshot], active: [{ agent_id: 'echo', preset: 'none' }] });
    expect(fake.callsOf('monitor.metrics').at(-1)).toMatchObject({ agentId: 'echo', interval: 60 });
  });

  it('switches with a snapshot first, then shows the new preset; an env.changed event reloads', async () => {
    const { fake, store, toasts } = setup();
    await store.getState().load();
    await store.getState().switchPreset('echo', 'fast');
    expect(fake.callsOf('env.switch')).toEqual([{ agentId: 'echo', preset: 'fast', createSnapshot: true }]);
    expect(store.getState().active[0]!.preset).toBe('fast');
    expect(toasts).toEqual(['echo now runs with fast']);
    const before = fake.callsOf('env.presets').length;
    const off = store.getState().connect();
    fake.emit('env.changed', { agent_id: '*', preset: 'fast' });
    await settle();
    expect(fake.callsOf('env.presets').length).toBe(before + 1);
    off();
  });
});
