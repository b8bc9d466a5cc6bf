import type { ConfigStatus } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';

export interface ConfigFileSlice extends Loadable {
  /** The config file and the refused edit it holds, if any: what the app-wide banner shows. */
  status: ConfigStatus | null;
  load(): Promise<void>;
  connect(): Unsubscribe;
}
export type ConfigFileStore = ConfigFileSlice;

export const createConfigFileSlice =
  ({ api }: StoreDeps): StateCreator<ConfigFileStore, [], [], ConfigFileSlice> =>
  (set) => ({
    ...initialLoadable,
    status: null,
    async load() {
      set({ loading: true });
      try {
        set({ status: await api.call('config.status', {}), loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    },
    connect: () => api.on('config.status', (status) => set({ status, loaded: true })),
  });

export const createConfigFileStore = (deps: StoreDeps) => createStore<ConfigFileStore>()((...args) => ({ ...createConfigFileSlice(deps)(...args) }));

export const configFileSelectors = {
  error: (state: ConfigFileStore) => state.status?.error ?? null,
  path: (state: ConfigFileStore) => state.status?.path ?? null,
};
