import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { contract, invokeChannel, type MethodName } from '../../shared/contract.js';
import { createGateway, type Gateway } from '../gateway/server.js';

// The shell only composes: the gateway is the same code that runs headless.
let gateway: Gateway | undefined;
let window: BrowserWindow | undefined;

const handlers: { [M in MethodName]: () => unknown } = {
  'gateway.status': () => ({
    url: gateway?.url ?? '',
    running: gateway !== undefined,
    providers: gateway?.services.providers.health().map(({ id, available, reason }) => ({ id, available, reason })) ?? [],
  }),
};

function bindContract() {
  for (const name of Object.keys(contract) as MethodName[]) {
    ipcMain.handle(invokeChannel(name), (event, input: unknown) => {
      if (!window || event.senderFrame !== window.webContents.mainFrame) throw new Error('IPC from an unknown frame');
      contract[name].input.parse(input ?? {});
      return handlers[name]();
    });
  }
}

function createWindow() {
  window = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'AgentMesh',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => window?.show());
  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    gateway = createGateway({ dataDir: app.getPath('userData') });
    await gateway.start();
    bindContract();
    createWindow();
  });
  app.on('before-quit', () => void gateway?.stop());
}
