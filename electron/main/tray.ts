import { Menu, nativeImage, Tray } from 'electron';
import type { EventBus } from '../gateway/events/bus.js';
import type { GatewayEvents } from '../gateway/events/gateway-events.js';
import type { Logger } from '../gateway/log/logger.js';
import type { Handlers } from '../gateway/ui/types.js';
import { trayMenuTemplate, trayTooltip, type TrayActions, type TrayState } from './tray-menu.js';

export interface AppTray {
  /** Rebuilds the menu soon (several changes in a burst make one rebuild). */
  refresh(): void;
  /** The current menu (the Electron e2e clicks its items; a tray cannot be clicked from a test). */
  menu(): Menu | undefined;
  destroy(): void;
}

// Events that change what the menu shows: agents' state, providers, routing, the task load.
const watched = ['agent.changed', 'config.changed', 'provider.circuit', 'task_status'] as const;

async function readState(handlers: Handlers): Promise<TrayState> {
  const [status, agents, providers] = await Promise.all([handlers['gateway.status']({}), handlers['agents.list']({}), handlers['providers.list']({})]);
  return { url: status.url, paused: status.paused, agents, providers };
}

export function createTray(options: { icon: string; handlers: Handlers; bus: EventBus<GatewayEvents>; actions: TrayActions; logger: Logger }): AppTray {
  const image = nativeImage.createFromPath(options.icon);
  // macOS draws menu-bar icons from their alpha channel, light or dark as the bar needs.
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.setToolTip('AgentMesh');
  // Windows opens menus on right click only; a left click opens the app.
  if (process.platform === 'win32') tray.on('click', () => options.actions.open());

  let menu: Menu | undefined;
  let timer: NodeJS.Timeout | undefined;
  const rebuild = async () => {
    try {
      const state = await readState(options.handlers);
      if (tray.isDestroyed()) return;
      menu = Menu.buildFromTemplate(trayMenuTemplate(state, options.actions));
      tray.setContextMenu(menu);
      tray.setToolTip(trayTooltip(state));
    } catch (error) {
      options.logger.error('tray menu could not be rebuilt', { error: String(error) });
    }
  };
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 150);
  };
  const offs = watched.map((event) => options.bus.on(event, refresh));
  void rebuild();

  return {
    refresh,
    menu: () => menu,
    destroy() {
      clearTimeout(timer);
      offs.forEach((off) => off());
      tray.destroy();
    },
  };
}
