import type { MethodInput, SettingsView } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';

export type ConnectClient = MethodInput<'settings.connect'>['client'];
export interface ConnectOutcome {
  running: boolean;
  message: string | null;
  path: string | null;
  error: string | null;
}
export interface TokenState {
  /** The whole token, only after Reveal or Rotate, until Hide. */
  value: string | null;
  busy: 'reveal' | 'rotate' | null;
  error: string | null;
}

export interface SettingsSlice extends Loadable {
  settings: SettingsView | null;
  token: TokenState;
  clients: Partial<Record<ConnectClient, ConnectOutcome>>;
  /** Failure of a desktop toggle (launch at login, pause), shown beside it. */
  toggleError: string | null;
  load(): Promise<void>;
  revealToken(): Promise<void>;
  hideToken(): void;
  rotateToken(): Promise<void>;
  connectClient(client: ConnectClient): Promise<void>;
  setLaunchAtLogin(enabled: boolean): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
}
export type SettingsStore = SettingsSlice;

export const createSettingsSlice =
  ({ api }: StoreDeps): StateCreator<SettingsStore, [], [], SettingsSlice> =>
  (set, get) => {
    const tokenCall = async (busy: 'reveal' | 'rotate', call: () => Promise<{ token: string }>) => {
      set((state) => ({ token: { ...state.token, busy, error: null } }));
      try {
        const { token } = await call();
        set({ token: { value: token, busy: null, error: null } });
      } catch (error) {
        set((state) => ({ token: { ...state.token, busy: null, error: errorMessage(error) } }));
      }
    };
    const toggle = async (run: () => Promise<Partial<SettingsView>>) => {
      set({ toggleError: null });
      try {
        const patch = await run();
        set((state) => ({ settings: state.settings && { ...state.settings, ...patch } }));
      } catch (error) {
        set({ toggleError: errorMessage(error) });
      }
    };
    return {
      ...initialLoadable,
      settings: null,
      token: { value: null, busy: null, error: null },
      clients: {},
      toggleError: null,
      async load() {
        set({ loading: true });
        try {
          set({ settings: await api.call('settings.get', {}), loaded: true, loading: false, error: null });
        } catch (error) {
          set({ loading: false, error: errorMessage(error) });
        }
      },
      revealToken: () => tokenCall('reveal', () => api.call('settings.revealToken', {})),
      hideToken: () => set((state) => ({ token: { ...state.token, value: null } })),
      async rotateToken() {
        await tokenCall('rotate', () => api.call('settings.rotateToken', {}));
        if (!get().token.error) await get().load();
      },
      async connectClient(client) {
        const update = (outcome: ConnectOutcome) => set((state) => ({ clients: { ...state.clients, [client]: outcome } }));
        update({ running: true, message: null, path: null, error: null });
        try {
          const { message, path } = await api.call('settings.connect', { client, write: true });
          update({ running: false, message, path, error: null });
        } catch (error) {
          update({ running: false, message: null, path: null, error: errorMessage(error) });
        }
      },
      setLaunchAtLogin: (enabled) => toggle(() => api.call('settings.setLaunchAtLogin', { enabled })),
      setPaused: (paused) => toggle(async () => ({ paused: (await api.call('gateway.setPaused', { paused })).paused })),
    };
  };

export const createSettingsStore = (deps: StoreDeps) => createStore<SettingsStore>()((...args) => ({ ...createSettingsSlice(deps)(...args) }));

export const settingsSelectors = {
  settings: (state: SettingsStore) => state.settings,
  loaded: (state: SettingsStore) => state.loaded,
  error: (state: SettingsStore) => state.error,
  token: (state: SettingsStore) => state.token,
  client: (client: ConnectClient) => (state: SettingsStore) => state.clients[client],
  toggleError: (state: SettingsStore) => state.toggleError,
};
