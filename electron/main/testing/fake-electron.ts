import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import { fakeIpcMain } from './fake-ipc-main.js';
import { fakeSafeStorage } from './fake-safe-storage.js';

// Just enough of Electron's main-process API for the shell's modules to run in Node. Used as
// `vi.mock('electron', async () => (await import('./testing/fake-electron.js')).fakeElectron())`.

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  url = '';
  windowOpenHandler: OpenHandler | undefined;
  readonly mainFrame = { processId: 1, routingId: 1, url: '' };
  readonly send = vi.fn();
  setWindowOpenHandler(handler: OpenHandler) {
    this.windowOpenHandler = handler;
  }
  isLoading = () => false;
  isDestroyed = () => false;
  getURL = () => this.url;
  /** Emits a cancellable event the way Electron does: `preventDefault` marks it. */
  fire(name: string, extra: Record<string, unknown> = {}, ...args: unknown[]) {
    const event = { defaultPrevented: false, preventDefault() {
      this.defaultPrevented = true;
    }, ...extra };
    this.emit(name, event, ...args);
    return event;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  position: [number, number] = [0, 0];
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL = vi.fn(async (url: string) => {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
  });
  show = vi.fn(() => void (this.visible = true));
  hide = vi.fn(() => void (this.visible = false));
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = () => false;
  isVisible = () => this.visible;
  isDestroyed = () => this.destroyed;
  setPosition = (x: number, y: number) => void (this.position = [x, y]);
  /** Emits a cancellable window event (close). */
  fire(name: string) {
    const event = { defaultPrevented: false, preventDefault() {
      this.defaultPrevented = true;
    } };
    this.emit(name, event);
    return event;
  }
}

type MenuTemplate = { id?: string; label?: string; type?: string; click?: () => void }[];

export class FakeTray {
  static instances: FakeTray[] = [];
  menu: { items: MenuTemplate; getMenuItemById(id: string): MenuTemplate[number] | undefined } | undefined;
  tooltip = '';
  destroyed = false;
  constructor(readonly image: unknown) {
    FakeTray.instances.push(this);
  }
  setContextMenu(menu: FakeTray['menu']) {
    this.menu = menu;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  on() {}
  isDestroyed = () => this.destroyed;
  destroy() {
    this.destroyed = true;
  }
}

export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    FakeNotification.shown.push(this);
  }
}

export function fakeElectron() {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  const paths: Record<string, string> = {};
  const noop = () => undefined;
  return {
    app: {
      isPackaged: false,
      getPath: (name: string) => paths[name] ?? '/nonexistent',
      setPath: (name: string, value: string) => void (paths[name] = value),
      getAppPath: () => process.cwd(),
      getVersion: () => '0.1.0',
      getLoginItemSettings: () => ({ openAtLogin: false }),
      setLoginItemSettings: vi.fn(),
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: fakeIpcMain(null),
    safeStorage: fakeSafeStorage().box,
    session: { defaultSession: { webRequest: { onBeforeRequest: noop, onHeadersReceived: noop }, setPermissionRequestHandler: noop, setPermissionCheckHandler: noop } },
    shell: { openExternal: vi.fn(async () => undefined) },
    screen: {
      getCursorScreenPoint: () => ({ x: 2000, y: 10 }),
      getDisplayNearestPoint: () => ({ workArea: { x: 1920, y: 0, width: 1600, height: 900 } }),
    },
    nativeImage: { createFromPath: (path: string) => ({ path, setTemplateImage: noop }) },
    Menu: { buildFromTemplate: (items: MenuTemplate) => ({ items, getMenuItemById: (id: string) => items.find((item) => item.id === id) }) },
    Tray: FakeTray,
    Notification: FakeNotification,
  };
}
