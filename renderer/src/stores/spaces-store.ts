import type { SpaceView } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';

export interface SpacesSlice extends Loadable {
  spaces: SpaceView[];
  load(): Promise<void>;
  /** Rejects so the form can show why. */
  create(metadata: Record<string, unknown>): Promise<SpaceView>;
}
export type SpacesStore = SpacesSlice;

const newestFirst = (a: SpaceView, b: SpaceView) => b.created_at.localeCompare(a.created_at);

export const createSpacesSlice =
  ({ api }: StoreDeps): StateCreator<SpacesStore, [], [], SpacesSlice> =>
  (set) => ({
    ...initialLoadable,
    spaces: [],
    async load() {
      set({ loading: true });
      try {
        const spaces = await api.call('spaces.list', {});
        set({ spaces: [...spaces].sort(newestFirst), loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    },
    async create(metadata) {
      const space = await api.call('spaces.create', { metadata });
      set((state) => ({ spaces: [space, ...state.spaces.filter((entry) => entry.shared_space_id !== space.shared_space_id)] }));
      return space;
    },
  });

export const createSpacesStore = (deps: StoreDeps) => createStore<SpacesStore>()((...args) => ({ ...createSpacesSlice(deps)(...args) }));

export const spacesSelectors = {
  spaces: (state: SpacesStore) => state.spaces,
  loaded: (state: SpacesStore) => state.loaded,
  error: (state: SpacesStore) => state.error,
};
