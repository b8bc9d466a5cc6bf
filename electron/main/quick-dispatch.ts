import { screen, type BrowserWindow } from 'electron';
import { createAppWindow, type WindowEnvironment } from './window.js';

export interface QuickDispatch {
  show(): void;
  /** The window once it exists (for the IPC sender check and event forwarding). */
  window(): BrowserWindow | undefined;
}

// Room for the text box, the agent picker, the folded options and the confirmation.
const size = { width: 640, height: 420 };

/** The hash route of a page URL: `file:///…/index.html#/tasks/1` -> `/tasks/1`. */
export const routeOf = (url: string) => (URL.canParse(url) ? new URL(url).hash.replace(/^#/, '') : '') || '/';
const isDispatchRoute = (route: string) => /^\/dispatch(\?|$)/.test(route);

/**
 * The small always-on-top window the tray opens: the renderer's `#/dispatch` view (a text
 * box, an agent picker, Enter sends through tasks.submit). It hides on blur, on Escape, and
 * when the page closes itself; a link to any other view (the task just sent, the dashboard)
 * opens in the main window instead. It is made once and reused.
 */
export function createQuickDispatch(env: WindowEnvironment, options: { isQuitting: () => boolean; openMain: (route: string) => void }): QuickDispatch {
  let window: BrowserWindow | undefined;

  const make = () => {
    const created = createAppWindow(env, '/dispatch', {
      ...size,
      title: 'Quick dispatch — AgentMesh',
      frame: false,
      alwaysOnTop: true,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
    });
    created.on('blur', () => created.hide());
    created.webContents.on('before-input-event', (event, input) => {
      if (input.type !== 'keyDown' || input.key !== 'Escape') return;
      event.preventDefault();
      created.hide();
    });
    created.webContents.on('did-navigate-in-page', (_event, url) => {
      const route = routeOf(url);
      if (isDispatchRoute(route)) return;
      created.hide();
      void created.loadURL(env.content.urlOf('/dispatch'));
      options.openMain(route);
    });
    created.on('close', (event) => {
      if (options.isQuitting()) return;
      event.preventDefault();
      created.hide();
    });
    return created;
  };

  // On the display the pointer is on, a third of the way down: where the user is looking.
  const place = (target: BrowserWindow) => {
    const { workArea } = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
    target.setPosition(Math.round(workArea.x + (workArea.width - size.width) / 2), Math.round(workArea.y + workArea.height / 3 - size.height / 2));
  };

  return {
    show() {
      if (!window || window.isDestroyed()) window = make();
      const target = window;
      place(target);
      if (target.webContents.isLoading()) target.once('ready-to-show', () => target.show());
      else target.show();
      target.focus();
    },
    window: () => (window && !window.isDestroyed() ? window : undefined),
  };
}
