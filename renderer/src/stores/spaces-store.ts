import type { SpaceDetail, SpaceView } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { singleFlight } from './single-flight';

/** The space a page has open: its history and tasks, kept current while it is open. */
export interface OpenSpace {
  id: string;
  detail: SpaceDetail | null;
  error: string | null;
}

export interface SpacesSlice extends Loadable {
  spaces: SpaceView[];
  open: OpenSpace | null;
  load(): Promise<void>;
  /** Rejects so the form can show why. */
  create(metadata: Record<string, unknown>): Promise<SpaceView>;
  openSpace(id: string): Promise<void>;
  closeSpace(id: string): void;
  connect(): Unsubscribe;
}
export type SpacesStore = SpacesSlice;

const newestFirst = (a: SpaceView, b: SpaceView) => b.created_at.localeCompare(a.created_at);

/** A space's name is its `name` metadata (`agentmesh space create --meta name=X`), when it has one. */
export const spaceName = (space: SpaceView): string | null => (typeof space.metadata.name === 'string' && space.metadata.name.trim() ? space.metadata.name : null);

export const createSpacesSlice =
  ({ api }: StoreDeps): StateCreator<SpacesStore, [], [], SpacesSlice> =>
  (set, get) => {
    const refreshOpen = singleFlight(async () => {
      const id = get().open?.id;
      if (!id) return;
      try {
        const detail = await api.call('spaces.get', { id });
        if (get().open?.id === id) set({ open: { id, detail, error: null } });
      } catch (error) {
        if (get().open?.id === id) set((state) => ({ open: { id, detail: state.open?.detail ?? null, error: errorMessage(error) } }));
      }
    });
    return {
      ...initialLoadable,
      spaces: [],
      open: null,
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
      async openSpace(id) {
        if (get().open?.id !== id) set({ open: { id, detail: null, error: null } });
        await refreshOpen();
      },
      closeSpace(id) {
        if (get().open?.id === id) set({ open: null });
      },
      connect() {
        // A task of the open space started, moved or ended: its history and task list changed.
        const touches = (spaceId: string | null | undefined) => Boolean(spaceId) && spaceId === get().open?.id;
        const offs = [
          api.on('task.status', (update) => {
            if (touches(update.space_id)) void refreshOpen();
          }),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  };

export const createSpacesStore = (deps: StoreDeps) => createStore<SpacesStore>()((...args) => ({ ...createSpacesSlice(deps)(...args) }));

export const spacesSelectors = {
  spaces: (state: SpacesStore) => state.spaces,
  loaded: (state: SpacesStore) => state.loaded,
  error: (state: SpacesStore) => state.error,
  open: (state: SpacesStore) => state.open,
};
