import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import type { AppContent } from './app-content.js';

export interface WindowEnvironment {
  content: AppContent;
  /** out/preload/index.cjs: CommonJS, because a sandboxed preload cannot load ES modules. */
  preload: string;
  icon: string;
  devTools: boolean;
}

/** Only https links leave the app, and only to the user's browser. */
export function openExternally(url: string): void {
  if (URL.canParse(url) && new URL(url).protocol === 'https:') void shell.openExternal(url);
}

/** Our pages may move between their own routes; anything else is refused (https goes to the browser). */
export function guardNavigation(contents: WebContents, content: AppContent): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (content.isAppPage(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!content.isAppPage(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** A window on our renderer with every Electron hardening switch set the safe way. */
export function createAppWindow(env: WindowEnvironment, route: string, options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    icon: env.icon,
    ...options,
    webPreferences: {
      preload: env.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: env.devTools,
    },
  });
  guardNavigation(window.webContents, env.content);
  void window.loadURL(env.content.urlOf(route));
  return window;
}

/** Shows a window at a route; a hash-only change is a same-document navigation, no reload. */
export function showAt(window: BrowserWindow, content: AppContent, route?: string): void {
  if (route) void window.loadURL(content.urlOf(route));
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * The dashboard window. Closing it only hides it: the gateway keeps running in the tray
 * until Quit (`isQuitting` then lets the close through).
 */
export function createMainWindow(env: WindowEnvironment, options: { show: boolean; isQuitting: () => boolean }): BrowserWindow {
  const window = createAppWindow(env, '/', { width: 1200, height: 800, minWidth: 720, minHeight: 480, title: 'AgentMesh' });
  if (options.show) window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  return window;
}
