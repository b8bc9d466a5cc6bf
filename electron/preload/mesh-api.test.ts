import { EventEmitter } from 'node:events';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { eventChannel, eventKey, eventNames, invokeChannel, methodKey, methodNames, type TaskView } from '../../shared/contract/index.js';
import { buildMeshApi, type IpcRendererLike, type MeshApi } from './mesh-api.js';

/** ipcRenderer's shape: invoke records the call; on/removeListener on a real emitter. */
function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  const ipc = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ channel, input })),
    on: vi.fn((channel: string, listener: (...args: any[]) => void) => emitter.on(channel, listener)),
    removeListener: vi.fn((channel: string, listener: (...args: any[]) => void) => emitter.removeListener(channel, listener)),
  } satisfies IpcRendererLike;
  const push = (channel: string, payload: unknown) => emitter.emit(channel, { sender: 'the IpcRendererEvent' }, payload);
  return { ipc, emitter, push };
}

describe('the preload surface (window.mesh)', () => {
  it('has exactly one function per contract method and one on<Event> per event, nothing else', () => {
    const api = buildMeshApi(fakeIpcRenderer().ipc);
    const expected = [...methodNames.map(methodKey), ...eventNames.map(eventKey)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(new Set(expected).size).toBe(expected.length);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const generic of ['invoke', 'send', 'on', 'off', 'ipcRenderer', 'call', 'removeListener']) expect(api).not.toHaveProperty(generic);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each method on its own channel with the input as given', async () => {
    const { ipc } = fakeIpcRenderer();
    const api = buildMeshApi(ipc);
    for (const name of methodNames) {
      const key = methodKey(name) as keyof MeshApi;
      await expect((api[key] as (input: unknown) => Promise<unknown>)({ probe: name })).resolves.toEqual({ channel: invokeChannel(name), input: { probe: name } });
    }
    expect(ipc.invoke).toHaveBeenCalledTimes(methodNames.length);
  });

  it('gives every listener the payload alone, and every on* returns a working unsubscribe', () => {
    const { ipc, emitter, push } = fakeIpcRenderer();
    const api = buildMeshApi(ipc) as unknown as Record<string, (listener: (payload: unknown) => void) => () => void>;
    for (const name of eventNames) {
      const channel = eventChannel(name);
      const first = vi.fn();
      const second = vi.fn();
      const offFirst = api[eventKey(name)]!(first);
      const offSecond = api[eventKey(name)]!(second);
      push(channel, { n: 1 });
      expect(first).toHaveBeenCalledWith({ n: 1 });
      expect(first.mock.calls[0]).toHaveLength(1);
      offFirst();
      push(channel, { n: 2 });
      expect(first).toHaveBeenCalledTimes(1);
      expect(second).toHaveBeenCalledTimes(2);
      offSecond();
      offSecond();
      expect(emitter.listenerCount(channel)).toBe(0);
    }
  });

  it('is typed from the contract', () => {
    const api = buildMeshApi(fakeIpcRenderer().ipc);
    expectTypeOf(api.tasksGet).parameter(0).toEqualTypeOf<{ id: string }>();
    expectTypeOf(api.tasksGet).returns.toEqualTypeOf<Promise<TaskView>>();
    expectTypeOf(api.onTaskStatus).returns.toEqualTypeOf<() => void>();
  });
});
