import { expect, it, vi } from 'vitest';
import { eventKey, eventNames, methodKey, methodNames } from '../../shared/contract/index.js';

const exposed = vi.hoisted(() => [] as [string, unknown][]);
const ipcRenderer = vi.hoisted(() => ({ invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
  ipcRenderer,
}));

it('exposes only `mesh`, built from the contract, and never ipcRenderer itself', async () => {
  await import('./index.js');
  expect(exposed.map(([key]) => key)).toEqual(['mesh']);
  const api = exposed[0]![1] as Record<string, unknown>;
  expect(Object.keys(api).sort()).toEqual([...methodNames.map(methodKey), ...eventNames.map(eventKey)].sort());
  expect(Object.values(api)).not.toContain(ipcRenderer);
  expect(Object.values(api)).not.toContain(ipcRenderer.invoke);
});
