import type { ContractEvents } from '@shared/contract';
import { describe, expect, it, vi } from 'vitest';
import { agent } from '../testing/fixtures';
import { ApiError } from './api-error';
import { createApi } from './create-api';
import type { EventSourceLike } from './http-transport';
import type { MeshBridge } from './types';

class FakeEventSource implements EventSourceLike {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = 2;
  }
  frame(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const httpApi = (fetch: (url: string, init: RequestInit) => Promise<Response>) => {
  FakeEventSource.opened = [];
  return createApi({ http: { fetch, openEvents: (url) => new FakeEventSource(url), reopenMs: 5 } });
};

const fakeMesh = () => {
  const statusListeners: ((payload: ContractEvents['task.status']) => void)[] = [];
  const mesh = {
    agentsList: vi.fn(async () => [agent()]),
    tasksGet: vi.fn(async () => {
      throw new Error("Error invoking remote method 'mesh:invoke:tasks.get': HttpError: No task 'x'");
    }),
    onTaskStatus: vi.fn((listener: (payload: ContractEvents['task.status']) => void) => {
      statusListeners.push(listener);
      return () => statusListeners.splice(statusListeners.indexOf(listener), 1);
    }),
  };
  return { mesh, statusListeners, bridge: mesh as unknown as MeshBridge };
};

describe('api over IPC (window.mesh present)', () => {
  it('calls the preload function named by methodKey and never fetches', async () => {
    const fetch = vi.fn();
    const { mesh, bridge } = fakeMesh();
    const api = createApi({ mesh: bridge, http: { fetch, openEvents: () => new FakeEventSource('') } });
    expect(api.transport).toBe('ipc');
    await expect(api.call('agents.list', {})).resolves.toEqual([agent()]);
    expect(mesh.agentsList).toHaveBeenCalledWith({});
    expect(fetch).not.toHaveBeenCalled();
  });

  it('subscribes through on<Event> and hands back its unsubscribe', () => {
    const { bridge, statusListeners } = fakeMesh();
    const api = createApi({ mesh: bridge, http: { fetch: vi.fn(), openEvents: () => new FakeEventSource('') } });
    const seen: string[] = [];
    const off = api.on('task.status', (payload) => seen.push(payload.status));
    statusListeners[0]!({ task_id: 't1', status: 'running', agent: null });
    off();
    expect(seen).toEqual(['running']);
    expect(statusListeners).toHaveLength(0);
  });

  it('turns an IPC rejection into the handler message', async () => {
    const { bridge } = fakeMesh();
    const api = createApi({ mesh: bridge, http: { fetch: vi.fn(), openEvents: () => new FakeEventSource('') } });
    await expect(api.call('tasks.get', { id: 'x' })).rejects.toMatchObject({ message: "No task 'x'" });
    await expect(api.call('spaces.list', {})).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
  });
});

describe('api over HTTP (no window.mesh)', () => {
  it('POSTs the input to /api/<method> with the session cookie and returns the JSON', async () => {
    const fetch = vi.fn(async () => json(200, { task_id: 't1', status: 'pending', message: 'queued' }));
    const api = httpApi(fetch);
    expect(api.transport).toBe('http');
    await expect(api.call('tasks.submit', { task: 'say hi' })).resolves.toMatchObject({ task_id: 't1' });
    expect(fetch).toHaveBeenCalledWith('/api/tasks.submit', expect.objectContaining({ method: 'POST', credentials: 'same-origin', body: JSON.stringify({ task: 'say hi', target: 'gateway' }) }));
  });

  it('surfaces the error message and code, and explains an expired session', async () => {
    const api = httpApi(async (url) => (url.endsWith('tasks.get') ? json(404, { error: { code: 'TASK_NOT_FOUND', message: "No task 'x'" } }) : json(401, { error: { code: 'UNAUTHORIZED', message: 'no' } })));
    await expect(api.call('tasks.get', { id: 'x' })).rejects.toEqual(new ApiError('TASK_NOT_FOUND', "No task 'x'", 404));
    await expect(api.call('agents.list', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED', status: 401, message: expect.stringContaining('session has ended') });
  });

  it('says the gateway is unreachable when fetch itself fails', async () => {
    const api = httpApi(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.call('agents.list', {})).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('refuses bad input before sending it, naming the field', async () => {
    const fetch = vi.fn();
    const api = httpApi(fetch);
    await expect(api.call('tasks.submit', { task: '   ' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'task: Describe the task' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('opens one EventSource on /api/events and routes frames by event name', () => {
    const api = httpApi(vi.fn());
    const statuses: string[] = [];
    const changed: string[] = [];
    const off = api.on('task.status', (payload) => statuses.push(payload.status));
    api.on('agents.changed', (payload) => changed.push(payload.id));
    expect(FakeEventSource.opened.map((source) => source.url)).toEqual(['/api/events']);
    const source = FakeEventSource.opened[0]!;
    source.frame('task.status', { task_id: 't1', status: 'running', agent: 'echo' });
    source.frame('agents.changed', { id: 'echo' });
    off();
    source.frame('task.status', { task_id: 't1', status: 'completed', agent: 'echo' });
    expect(statuses).toEqual(['running']);
    expect(changed).toEqual(['echo']);
  });

  it('reports the stream state and reopens a stream the server closed', async () => {
    const api = httpApi(vi.fn());
    const states: string[] = [];
    api.onConnection((state) => states.push(state));
    const seen: string[] = [];
    api.on('agents.changed', (payload) => seen.push(payload.id));
    const first = FakeEventSource.opened[0]!;
    first.onopen?.(new Event('open'));
    first.readyState = 2;
    first.onerror?.(new Event('error'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = FakeEventSource.opened[1]!;
    second.onopen?.(new Event('open'));
    second.frame('agents.changed', { id: 'again' });
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(seen).toEqual(['again']);
  });
});

describe('api over HTTP: an expired session', () => {
  it('reports signed-out on a 401, and probes once when the server refuses the stream', async () => {
    const fetch = vi.fn(async () => json(401, { error: { code: 'UNAUTHORIZED', message: 'no session' } }));
    const api = httpApi(fetch);
    const states: string[] = [];
    api.onConnection((state) => states.push(state));
    api.on('agents.changed', () => undefined);
    const source = FakeEventSource.opened[0]!;
    source.readyState = 2;
    source.onerror?.(new Event('error'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fetch).toHaveBeenCalledWith('/api/gateway.status', expect.anything());
    expect(states).toEqual(['connecting', 'reconnecting', 'signed-out']);
  });
});
