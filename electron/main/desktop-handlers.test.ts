import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contract, eventChannel, methodNames } from '../../shared/contract/index.js';
import { createLogger } from '../gateway/log/logger.js';
import { createGateway, type Gateway } from '../gateway/server.js';
import { scriptAgent, until } from '../gateway/testing/task-helpers.js';
import { desktopHandlers, type LoginItem } from './desktop-handlers.js';
import { bindContract, forwardContractEvents } from './ipc.js';
import { fakeIpcMain } from './testing/fake-ipc-main.js';

// The real gateway behind the real binding: what the desktop app runs, minus Electron.
let gateway: Gateway;
let dataDir: string;
const appFrame = { url: 'file:///app/out/renderer/index.html', processId: 1, routingId: 1 };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-desktop-'));
  gateway = createGateway({
    config: { agents: [scriptAgent('echo', 'echo-agent')] },
    dataDir,
    port: 0,
    desktop: true,
    logger: createLogger({ write: () => undefined }),
  });
  await gateway.start();
});
afterAll(async () => {
  await gateway.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function setup() {
  let launchAtLogin = false;
  const loginItem: LoginItem = { get: () => launchAtLogin, set: vi.fn((enabled: boolean) => void (launchAtLogin = enabled)) };
  const onPausedChanged = vi.fn();
  const handlers = desktopHandlers({ gateway, loginItem, onPausedChanged });
  const ipc = fakeIpcMain(appFrame);
  const unbind = bindContract(ipc, handlers, ({ senderFrame }) => senderFrame === appFrame);
  return { ipc, loginItem, onPausedChanged, unbind, handlers };
}

describe('desktop handlers', () => {
  it('serves every desktop-only method with a desktop implementation (the gateway alone answers 501)', async () => {
    const desktopOnly = methodNames.filter((name) => contract[name].desktopOnly);
    expect(desktopOnly.sort()).toEqual(['gateway.setPaused', 'settings.setLaunchAtLogin']);
    const { handlers, unbind } = setup();
    for (const name of desktopOnly) {
      expect(() => (gateway.handlers[name] as (input: unknown) => unknown)({})).toThrow(/desktop app/);
      expect(handlers[name]).not.toBe(gateway.handlers[name]);
    }
    unbind();
  });

  it('pauses and resumes the gateway through IPC and tells the tray', async () => {
    const { ipc, onPausedChanged, unbind } = setup();
    await expect(ipc.invoke('gateway.setPaused', { paused: true })).resolves.toMatchObject({ paused: true, running: true });
    expect(gateway.paused).toBe(true);
    expect(onPausedChanged).toHaveBeenCalledTimes(1);
    // A paused gateway refuses new work on its HTTP face.
    const post = await fetch(`${gateway.url}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'task', source: 'test', target: 'echo', payload: { task: 'x' } }),
    });
    expect(post.status).toBe(503);
    await expect(ipc.invoke('gateway.setPaused', { paused: false })).resolves.toMatchObject({ paused: false });
    expect(gateway.paused).toBe(false);
    unbind();
  });

  it('sets launch at login through the login item, and settings.get reports it', async () => {
    const { ipc, loginItem, unbind } = setup();
    await expect(ipc.invoke('settings.get', {})).resolves.toMatchObject({ desktop: true, launchAtLogin: false });
    await expect(ipc.invoke('settings.setLaunchAtLogin', { enabled: true })).resolves.toMatchObject({ launchAtLogin: true, desktop: true });
    expect(loginItem.set).toHaveBeenCalledWith(true);
    await expect(ipc.invoke('settings.get', {})).resolves.toMatchObject({ launchAtLogin: true });
    unbind();
  });

  it('runs a task submitted over IPC on a command agent and pushes its events to the window', async () => {
    const { ipc, unbind } = setup();
    const window = { send: vi.fn(), isDestroyed: () => false, getURL: () => appFrame.url };
    const off = forwardContractEvents(gateway.services.bus, () => [window as any], () => true);
    const submitted = (await ipc.invoke('tasks.submit', { task: 'hello from the tray', target: 'echo' })) as { task_id: string };
    await until(async () => ((await ipc.invoke('tasks.get', { id: submitted.task_id })) as { status: string }).status === 'completed', 15_000, 'task completed');
    const task = (await ipc.invoke('tasks.get', { id: submitted.task_id })) as { result: string };
    expect(task.result).toContain('hello from the tray');
    const statuses = window.send.mock.calls.filter(([channel]) => channel === eventChannel('task.status')).map(([, payload]) => payload);
    expect(statuses).toContainEqual(expect.objectContaining({ task_id: submitted.task_id, status: 'completed' }));
    off();
    unbind();
  });
});
