import { app, ipcMain, safeStorage, session, type BrowserWindow, type Menu } from 'electron';
import { join, sep } from 'node:path';
import { createLogger, type Logger } from '../gateway/log/logger.js';
import { createGateway } from '../gateway/server.js';
import { appContent } from './app-content.js';
import { desktopHandlers } from './desktop-handlers.js';
import { bindContract, forwardContractEvents, trustedSender } from './ipc.js';
import { loginItem } from './login-item.js';
import { notifyQuotaAlerts, notifyTaskEnds } from './notifications.js';
import { createQuickDispatch } from './quick-dispatch.js';
import { secureSession } from './session-security.js';
import { openSettingsStore } from './settings-store.js';
import { createTray } from './tray.js';
import { createMainWindow, showAt, type WindowEnvironment } from './window.js';

export interface Desktop {
  showMain(route?: string): void;
  /** Unbinds everything and stops the gateway (tasks, server, database) cleanly. */
  stop(): Promise<void>;
  /** What the Electron e2e drives in the main process, where a tray cannot be clicked. */
  readonly testHooks: { trayMenu(): Menu | undefined; quickDispatchWindow(): BrowserWindow | undefined };
}

export interface DesktopOptions {
  /** Started at login: stay in the tray. */
  hidden: boolean;
  isQuitting(): boolean;
  quit(): void;
  logger?: Logger;
}

// out/main -> the repository (or app.asar) root; resources are unpacked from the asar for the OS to read.
const mainDir = import.meta.dirname;
const resource = (name: string) => {
  const path = join(mainDir, '..', '..', 'resources', name);
  return app.isPackaged ? path.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`) : path;
};

/**
 * Composes the desktop app around the same gateway that runs headless: settings store ->
 * gateway -> windows, IPC, tray, notifications. No business logic lives here.
 */
export async function startDesktop(options: DesktopOptions): Promise<Desktop> {
  const logger = options.logger ?? createLogger();
  const dataDir = app.getPath('userData');
  const content = appContent({ mainDir, devUrl: process.env.ELECTRON_RENDERER_URL, packaged: app.isPackaged });
  const env: WindowEnvironment = { content, preload: join(mainDir, '..', 'preload', 'index.cjs'), icon: resource('icon.png'), devTools: !app.isPackaged };
  secureSession(session.defaultSession, content, logger);

  const settings = openSettingsStore({ dir: dataDir, box: safeStorage, logger });
  const gateway = createGateway({ config: settings.configDocument(), persist: settings.persistConfig, dataDir, uiDir: content.rendererDir, desktop: true, logger });
  const { url } = await gateway.start();
  logger.info(`AgentMesh gateway listening on ${url}`);

  const bus = gateway.services.bus;
  // Pausing (from the tray or the UI) refreshes the tray, which is made below from these handlers.
  const handlers = desktopHandlers({ gateway, loginItem: loginItem(), onPausedChanged: () => appTray.refresh() });
  const main = createMainWindow(env, { show: !options.hidden, isQuitting: options.isQuitting });
  const showMain = (route?: string) => showAt(main, content, route);
  const quick = createQuickDispatch(env, { isQuitting: options.isQuitting, openMain: showMain });
  const windows = () => [main, quick.window()].filter((window): window is BrowserWindow => Boolean(window) && !window!.isDestroyed());

  const unbind = bindContract(ipcMain, handlers, trustedSender(windows, content.isAppPage), logger);
  const offEvents = forwardContractEvents(bus, () => windows().map((window) => window.webContents), content.isAppPage);
  const appTray = createTray({
    icon: resource('tray.png'),
    handlers,
    bus,
    logger,
    actions: {
      quickDispatch: () => quick.show(),
      open: () => showMain(),
      setPaused: (paused) => void Promise.resolve(handlers['gateway.setPaused']({ paused })).catch((error) => logger.error('pause failed', { error: String(error) })),
      quit: options.quit,
    },
  });
  const offNotices = notifyTaskEnds({
    bus,
    handlers,
    enabled: () => settings.appSettings().notifyOnTaskEnd,
    openTask: (id) => showMain(`/tasks/${encodeURIComponent(id)}`),
    logger,
  });
  const offQuota = notifyQuotaAlerts({ bus, openProviders: () => showMain('/providers') });

  return {
    showMain,
    async stop() {
      offNotices();
      offQuota();
      offEvents();
      unbind();
      appTray.destroy();
      await gateway.stop();
    },
    testHooks: { trayMenu: appTray.menu, quickDispatchWindow: quick.window },
  };
}
