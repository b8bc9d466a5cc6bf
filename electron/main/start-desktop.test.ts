import { app, ipcMain } from 'electron';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventChannel, invokeChannel, methodNames, type MethodName } from '../../shared/contract/index.js';
import { createLogger } from '../gateway/log/logger.js';
import { scriptAgent, until } from '../gateway/testing/task-helpers.js';
import { startDesktop, type Desktop } from './start-desktop.js';
import { FakeBrowserWindow, FakeNotification, FakeTray } from './testing/fake-electron.js';
import type { fakeIpcMain } from './testing/fake-ipc-main.js';

vi.mock('electron', async () => (await import('./testing/fake-electron.js')).fakeElectron());
vi.mock('electron-store', async () => ({ default: (await import('./testing/conf-electron-store.js')).ConfElectronStore }));

// The whole shell composed around a real gateway, with Electron faked: what `app.whenReady`
// runs, short of drawing windows.
const ipc = ipcMain as unknown as ReturnType<typeof fakeIpcMain>;
let dataDir: string;
let desktop: Desktop;
const logLines: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-shell-'));
  app.setPath('userData', dataDir);
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ version: 1, config: { server: { port: 0 }, agents: [scriptAgent('echo', 'echo-agent')] } }));
  desktop = await startDesktop({ hidden: false, isQuitting: () => false, quit: vi.fn(), logger: createLogger({ write: (line) => logLines.push(line) }) });
});
afterAll(async () => {
  await desktop.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const mainWindow = () => FakeBrowserWindow.instances[0]!;
const call = (name: MethodName, input: unknown, window = mainWindow()) => ipc.invoke(name, input, window.webContents.mainFrame);
const trayLabels = () => FakeTray.instances[0]?.menu?.items.map((item) => item.label) ?? [];

describe('the desktop shell', () => {
  it('opens the main window on the renderer with the CommonJS preload, and keeps the gateway data in userData', () => {
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(mainWindow().webContents.url).toMatch(/\/renderer\/index\.html#\/$/);
    expect(mainWindow().options.webPreferences).toMatchObject({ preload: expect.stringMatching(/preload[\\/]index\.cjs$/), sandbox: true });
    expect(readFileSync(join(dataDir, 'token'), 'utf8')).toMatch(/^amk_/);
    expect(logLines.join('\n')).toMatch(/AgentMesh gateway listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('binds every contract method, and answers only its own windows', async () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map(invokeChannel).sort());
    await expect(call('gateway.status', {})).resolves.toMatchObject({ running: true, paused: false });
    await expect(ipc.invoke('gateway.status', {}, { url: mainWindow().webContents.url, processId: 77, routingId: 1 })).rejects.toThrow(/UNTRUSTED_SENDER/);
  });

  it('shows agents and the gateway address in the tray, and pauses from it', async () => {
    await until(() => trayLabels().includes('echo — online'), 10_000, 'agent in the tray');
    expect(trayLabels()).toEqual(expect.arrayContaining([expect.stringMatching(/^Gateway running at http:\/\/127\.0\.0\.1:\d+$/), 'Quick dispatch…', 'Open AgentMesh', 'Pause gateway', 'Quit']));
    FakeTray.instances[0]!.menu!.getMenuItemById('pause')!.click!();
    await until(() => trayLabels().includes('Resume gateway'), 5_000, 'tray shows Resume');
    await expect(call('gateway.status', {})).resolves.toMatchObject({ paused: true });
    FakeTray.instances[0]!.menu!.getMenuItemById('pause')!.click!();
    await until(() => trayLabels().includes('Pause gateway'), 5_000, 'tray shows Pause');
  });

  it('opens quick dispatch from the tray; a task sent from it runs, both windows hear of it, and its notification opens it', async () => {
    FakeTray.instances[0]!.menu!.getMenuItemById('quick-dispatch')!.click!();
    const quick = FakeBrowserWindow.instances[1]!;
    expect(quick.webContents.url).toMatch(/#\/dispatch$/);
    expect(quick.options).toMatchObject({ alwaysOnTop: true, frame: false });
    quick.webContents.mainFrame.processId = 2;

    const { task_id } = (await call('tasks.submit', { task: 'sent from the tray' }, quick)) as { task_id: string };
    await until(() => FakeNotification.shown.length > 0, 15_000, 'task notification');
    expect(FakeNotification.shown[0]!.options).toEqual({ title: 'Task completed', body: 'echo: sent from the tray' });
    await expect(call('tasks.get', { id: task_id })).resolves.toMatchObject({ status: 'completed' });
    for (const window of [mainWindow(), quick]) {
      expect(window.webContents.send).toHaveBeenCalledWith(eventChannel('task.status'), expect.objectContaining({ task_id, status: 'completed' }));
    }
    mainWindow().hide();
    FakeNotification.shown[0]!.emit('click');
    expect(mainWindow().webContents.url).toMatch(new RegExp(`#/tasks/${task_id}$`));
    expect(mainWindow().visible).toBe(true);
  });

  it('stops cleanly: handlers unbound, tray gone, gateway closed', async () => {
    const url = ((await call('gateway.status', {})) as { url: string }).url;
    await desktop.stop();
    expect(ipc.handlers.size).toBe(0);
    expect(FakeTray.instances[0]!.destroyed).toBe(true);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    desktop = { ...desktop, stop: async () => undefined };
  });
});
