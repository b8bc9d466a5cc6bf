import { describe, expect, it } from 'vitest';
import type { ServiceLogView } from '@shared/contract';
import { createFakeApi, settle } from '../testing/fake-api';
import { createServicesStore, type ServiceItem } from './services-store';

const line = (id: number, message: string, level: ServiceLogView['level'] = 'info'): ServiceLogView => ({ id, service_id: 'svc-1', timestamp: '2026-01-01T00:00:00Z', level, stream: 'stdout', message });
const service = { service_id: 'svc-1', name: 'weather', status: 'running' } as ServiceItem;

function setup() {
  let lines = [line(1, 'listening on 8081'), line(2, 'client connected')];
  let status = 'running';
  const fake = createFakeApi({
    'services.list': () => [{ ...service, status } as ServiceItem],
    'serviceRules.list': () => [],
    'services.get': () => ({ service, health: [], connections: [] }),
    'serviceLogs.list': ({ afterId, query }) => (query ? [line(2, 'client connected')] : lines.filter((entry) => entry.id > (afterId ?? 0))),
    'services.action': ({ action }) => {
      status = action === 'stop' ? 'stopped' : 'running';
      return { ...service, status } as ServiceItem;
    },
  });
  const toasts: string[] = [];
  const store = createServicesStore({ api: fake.api, notify: (toast) => void toasts.push(toast.message) });
  return { fake, store, toasts, print: (entry: ServiceLogView) => (lines = [...lines, entry]) };
}

describe('services store', () => {
  it('opens a service with its logs, then tails only new lines', async () => {
    const { fake, store, print } = setup();
    await store.getState().select('svc-1');
    expect(store.getState().logs.map((entry) => entry.id)).toEqual([1, 2]);
    print(line(3, 'weather station unreachable', 'error'));
    await store.getState().tail();
    expect(store.getState().logs.map((entry) => entry.message)).toEqual(['listening on 8081', 'client connected', 'weather station unreachable']);
    expect(fake.callsOf('serviceLogs.list').at(-1)).toMatchObject({ id: 'svc-1', afterId: 2 });
  });

  it('a search replaces the tail until cleared', async () => {
    const { fake, store } = setup();
    await store.getState().select('svc-1');
    await store.getState().searchLogs('connected');
    expect(store.getState().logs.map((entry) => entry.id)).toEqual([2]);
    const calls = fake.callsOf('serviceLogs.list').length;
    await store.getState().tail();
    expect(fake.callsOf('serviceLogs.list')).toHaveLength(calls);
  });

  it('stops a service, says so, and reloads; a services.changed event reloads too', async () => {
    const { fake, store, toasts } = setup();
    const off = store.getState().connect();
    await store.getState().load();
    await store.getState().act('svc-1', 'stop');
    expect(toasts).toEqual(['weather is stopped']);
    expect(store.getState().services[0]!.status).toBe('stopped');
    const loads = fake.callsOf('services.list').length;
    fake.emit('services.changed', { service_id: 'svc-1', status: 'running' });
    await settle();
    expect(fake.callsOf('services.list').length).toBe(loads + 1);
    off();
  });
});
