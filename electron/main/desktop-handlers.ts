import { contract, methodNames, type MethodName } from '../../shared/contract/index.js';
import type { Gateway } from '../gateway/server.js';
import type { Handler, Handlers } from '../gateway/ui/types.js';

export interface LoginItem {
  get(): boolean;
  set(enabled: boolean): void;
}

export interface DesktopDeps {
  gateway: Pick<Gateway, 'handlers' | 'setPaused'>;
  loginItem: LoginItem;
  /** The tray shows the paused state; it is told when it changes. */
  onPausedChanged(): void;
}

type Overrides = Partial<{ [M in MethodName]: Handler<M> }>;

/**
 * The gateway's handlers, with the desktop-only methods (which answer 501 in a browser)
 * served by the desktop, and `settings.get` telling the real launch-at-login state.
 */
export function desktopHandlers(deps: DesktopDeps): Handlers {
  const base = deps.gateway.handlers;
  const settings = async () => ({ ...(await base['settings.get']({})), launchAtLogin: deps.loginItem.get() });
  const overrides: Overrides = {
    'gateway.setPaused': ({ paused }) => {
      deps.gateway.setPaused(paused);
      deps.onPausedChanged();
      return base['gateway.status']({});
    },
    'settings.setLaunchAtLogin': ({ enabled }) => {
      deps.loginItem.set(enabled);
      return settings();
    },
    'settings.get': settings,
  };
  // A new desktop-only method without a desktop implementation would answer 501 in the app too.
  const missing = methodNames.filter((name) => contract[name].desktopOnly && !overrides[name]);
  if (missing.length) throw new Error(`desktop-only methods without a desktop implementation: ${missing.join(', ')}`);
  return { ...base, ...overrides } as Handlers;
}
