import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeshBridge } from './types';

describe('the app api', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('uses window.mesh inside the desktop app', async () => {
    const agentsList = vi.fn(async () => []);
    const fetch = vi.fn();
    vi.stubGlobal('window', { mesh: { agentsList } as unknown as MeshBridge });
    vi.stubGlobal('fetch', fetch);
    const { api } = await import('./index');
    expect(api.transport).toBe('ipc');
    await api.call('agents.list', {});
    expect(agentsList).toHaveBeenCalledOnce();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('falls back to fetch in a browser', async () => {
    const fetch = vi.fn(async () => new Response('[]', { status: 200 }));
    vi.stubGlobal('window', {});
    vi.stubGlobal('fetch', fetch);
    const { api } = await import('./index');
    expect(api.transport).toBe('http');
    await api.call('agents.list', {});
    expect(fetch).toHaveBeenCalledWith('/api/agents.list', expect.objectContaining({ method: 'POST' }));
  });
});
