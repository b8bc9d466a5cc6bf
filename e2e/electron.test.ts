import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptAgent } from '../electron/gateway/testing/task-helpers.js';
// @ts-expect-error plain ESM helper without types
import { findElectronBinary } from '../scripts/electron-binary.mjs';

// The desktop app itself, launched by Playwright: window, tray quick dispatch, IPC. It needs
// an Electron binary (never fetched here: requiring the electron package would download one)
// and, on Linux, a display; without them every test is reported skipped with the reason.
const root = fileURLToPath(new URL('..', import.meta.url));
const binary = findElectronBinary() as { path?: string; reason?: string };
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const skipReason = !binary.path ? `no Electron binary: ${binary.reason}` : !hasDisplay ? 'no display for Electron (run the tests under xvfb-run)' : undefined;

// What the main process exposes to this test when AGENTMESH_E2E=1 (see start-desktop.ts).
type Hooks = { trayMenu(): Electron.Menu | undefined; quickDispatchWindow(): Electron.BrowserWindow | undefined };
const hooks = () => (globalThis as unknown as { agentmeshE2e: Hooks }).agentmeshE2e;

describe(`Electron app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let app: ElectronApplication;
  let main: Page;
  let dataDir: string;

  beforeAll(async () => {
    if (skipReason) {
      console.warn(`Electron e2e skipped: ${skipReason}`);
      return;
    }
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'pipe' });
    dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-electron-'));
    // A settings file as the app writes it: any free port, one harmless command agent.
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ version: 1, config: { server: { port: 0 }, agents: [scriptAgent('e2e-echo', 'echo-agent')] } }));
    app = await _electron.launch({
      executablePath: binary.path!,
      args: [root],
      cwd: root,
      env: { ...process.env, AGENTMESH_DATA_DIR: dataDir, AGENTMESH_E2E: '1' } as Record<string, string>,
    });
    main = await app.firstWindow();
    await main.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the main window on the app page, with no Node and no ipcRenderer in reach', async (context) => {
    context.skip(Boolean(skipReason), skipReason);
    expect(main.url()).toMatch(/\/out\/renderer\/index\.html#\/$/);
    expect(await main.title()).toBe('AgentMesh');
    const reach = await main.evaluate(() => {
      const page = globalThis as Record<string, unknown>;
      return { require: typeof page.require, process: typeof page.process, mesh: typeof page.mesh, ipcRenderer: typeof page.ipcRenderer };
    });
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', mesh: 'object', ipcRenderer: 'undefined' });
    // Navigation away from the app is refused (plain http is not even handed to the browser).
    await main.evaluate(() => void ((globalThis as any).location.href = 'http://example.com/'));
    await expect.poll(() => main.url()).toMatch(/\/out\/renderer\/index\.html#\/$/);
  });

  it('answers an IPC round trip through window.mesh, and rejects a bad input naming the field', async (context) => {
    context.skip(Boolean(skipReason), skipReason);
    const status = await main.evaluate(() => (globalThis as any).mesh.gatewayStatus({}));
    expect(status).toMatchObject({ running: true, paused: false });
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const keys = await main.evaluate(() => Object.keys((globalThis as any).mesh));
    expect(keys).toContain('tasksSubmit');
    expect(keys).not.toContain('invoke');
    const error = await main.evaluate(() => (globalThis as any).mesh.tasksSubmit({ task: '' }).then(() => 'resolved', (caught: Error) => caught.message));
    expect(error).toMatch(/task: Describe the task/);
  });

  it("sends a task from the tray's quick dispatch window to a command agent, which completes it", async (context) => {
    context.skip(Boolean(skipReason), skipReason);
    // The tray is rebuilt once the agent is detected.
    await expect
      .poll(() => app.evaluate(() => hooks().trayMenu()?.items.map((item) => item.label) ?? []), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['e2e-echo — online', 'Quick dispatch…']));
    const opened = app.waitForEvent('window');
    await app.evaluate(() => hooks().trayMenu()!.getMenuItemById('quick-dispatch')!.click());
    const quick = await opened;
    expect(quick.url()).toMatch(/#\/dispatch$/);
    expect(await app.evaluate(() => hooks().quickDispatchWindow()!.isAlwaysOnTop())).toBe(true);

    const input = quick.getByTestId('dispatch-input');
    await input.fill('hello from the tray');
    await input.press('Enter');
    await expect
      .poll(
        () => main.evaluate(async () => ((await (globalThis as any).mesh.tasksList({})).tasks as { prompt: string; status: string; assigned_agents: string[] }[]).map(({ prompt, status, assigned_agents }) => ({ prompt, status, assigned_agents }))),
        { timeout: 20_000 },
      )
      .toContainEqual({ prompt: 'hello from the tray', status: 'completed', assigned_agents: ['e2e-echo'] });

    // Escape hides the quick window; the app keeps running.
    await app.evaluate(() => hooks().trayMenu()!.getMenuItemById('quick-dispatch')!.click());
    await expect.poll(() => app.evaluate(() => hooks().quickDispatchWindow()!.isVisible())).toBe(true);
    await quick.keyboard.press('Escape');
    await expect.poll(() => app.evaluate(() => hooks().quickDispatchWindow()!.isVisible())).toBe(false);
  });
});
