import { shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appContent } from './app-content.js';
import { createQuickDispatch } from './quick-dispatch.js';
import { FakeBrowserWindow } from './testing/fake-electron.js';
import { createAppWindow, createMainWindow, showAt, type WindowEnvironment } from './window.js';

vi.mock('electron', async () => (await import('./testing/fake-electron.js')).fakeElectron());

const content = appContent({ mainDir: join(process.cwd(), 'out', 'main'), devUrl: undefined, packaged: true });
const page = pathToFileURL(join(content.rendererDir, 'index.html')).href;
const env: WindowEnvironment = { content, preload: '/app/out/preload/index.cjs', icon: '/app/resources/icon.png', devTools: false };
const windowOf = (made: unknown) => made as unknown as FakeBrowserWindow;

beforeEach(() => vi.mocked(shell.openExternal).mockClear());

describe('app windows', () => {
  it('are created with every hardening switch on and the CommonJS preload', () => {
    const window = windowOf(createAppWindow(env, '/', {}));
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(window.loadURL).toHaveBeenCalledWith(`${page}#/`);
  });

  it('deny window.open, sending only https links to the browser', () => {
    const { webContents } = windowOf(createAppWindow(env, '/', {}));
    for (const url of ['https://docs.example/', 'http://plain.example/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(webContents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://docs.example/');
  });

  it('block navigation away from the app page, and webviews', () => {
    const { webContents } = windowOf(createAppWindow(env, '/', {}));
    expect(webContents.fire('will-navigate', { url: `${page}#/tasks` }).defaultPrevented).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:3000/ui/']) {
      expect(webContents.fire('will-navigate', { url }).defaultPrevented, url).toBe(true);
    }
    expect(shell.openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(webContents.fire('will-redirect', { url: 'https://evil.example/' }).defaultPrevented).toBe(true);
    expect(webContents.fire('will-attach-webview').defaultPrevented).toBe(true);
  });

  it('the main window hides on close while the app runs, and closes when quitting', () => {
    let quitting = false;
    const window = windowOf(createMainWindow(env, { show: true, isQuitting: () => quitting }));
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    expect(window.fire('close').defaultPrevented).toBe(true);
    expect(window.hide).toHaveBeenCalled();
    quitting = true;
    expect(window.fire('close').defaultPrevented).toBe(false);
  });

  it('the main window stays hidden when started at login', () => {
    const window = windowOf(createMainWindow(env, { show: false, isQuitting: () => false }));
    window.emit('ready-to-show');
    expect(window.visible).toBe(false);
  });

  it('showAt opens a route of the already loaded page', () => {
    const window = windowOf(createMainWindow(env, { show: false, isQuitting: () => false }));
    showAt(window as never, content, '/tasks/t-1');
    expect(window.loadURL).toHaveBeenLastCalledWith(`${page}#/tasks/t-1`);
    expect(window.visible).toBe(true);
  });
});

describe('quick dispatch window', () => {
  it('is a small always-on-top frameless window on #/dispatch, made once and reused', () => {
    const quick = createQuickDispatch(env, { isQuitting: () => false, openMain: vi.fn() });
    expect(quick.window()).toBeUndefined();
    quick.show();
    const window = windowOf(quick.window());
    expect(window.options).toMatchObject({ alwaysOnTop: true, frame: false, resizable: false, skipTaskbar: true });
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(window.loadURL).toHaveBeenCalledWith(`${page}#/dispatch`);
    expect(window.visible).toBe(true);
    // Centred on the display under the pointer, a third of the way down.
    expect(window.position).toEqual([1920 + (1600 - 640) / 2, 300 - 210]);
    quick.show();
    expect(quick.window()).toBe(window as never);
  });

  it('hides on blur, on Escape, and when the page closes itself after sending', () => {
    let quitting = false;
    const quick = createQuickDispatch(env, { isQuitting: () => quitting, openMain: vi.fn() });
    quick.show();
    const window = windowOf(quick.window());
    window.emit('blur');
    expect(window.visible).toBe(false);

    quick.show();
    const typed = window.webContents.fire('before-input-event', {}, { type: 'keyDown', key: 'a' });
    expect(typed.defaultPrevented).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.webContents.fire('before-input-event', {}, { type: 'keyDown', key: 'Escape' }).defaultPrevented).toBe(true);
    expect(window.visible).toBe(false);

    quick.show();
    expect(window.fire('close').defaultPrevented).toBe(true);
    expect(window.visible).toBe(false);
    quitting = true;
    expect(window.fire('close').defaultPrevented).toBe(false);
  });

  it('opens links to other views (the task just sent, the dashboard) in the main window', () => {
    const openMain = vi.fn();
    const quick = createQuickDispatch(env, { isQuitting: () => false, openMain });
    quick.show();
    const window = windowOf(quick.window());
    window.webContents.emit('did-navigate-in-page', {}, `${page}#/dispatch?agent=echo`);
    expect(openMain).not.toHaveBeenCalled();
    expect(window.visible).toBe(true);
    window.webContents.emit('did-navigate-in-page', {}, `${page}#/tasks/t-9`);
    expect(openMain).toHaveBeenCalledWith('/tasks/t-9');
    expect(window.visible).toBe(false);
    expect(window.loadURL).toHaveBeenLastCalledWith(`${page}#/dispatch`);
  });
});
