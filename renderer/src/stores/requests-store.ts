import type { MethodOutput, RequestLogEntry } from '@shared/contract';
import type { RequestStatusFilter } from '@shared/schemas/request-log';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { singleFlight } from './single-flight';

export interface RequestFilter {
  status: Exclude<RequestStatusFilter, number> | '';
  provider: string;
  model: string;
}

export type RequestDetail = MethodOutput<'usage.request'>;

export const pageSize = 50;
/** Calls can land many times a second; the open log asks for new ones at most this often. */
export const followEveryMs = 1_000;

export interface RequestsSlice extends Loadable {
  filter: RequestFilter;
  rows: RequestLogEntry[];
  /** Older rows may exist beyond the last one shown. */
  more: boolean;
  loadingMore: boolean;
  /** The row opened to show its fallbacks, error and bodies. */
  openId: number | null;
  detail: { loading: boolean; error: string | null; entry: RequestDetail | null };
  setFilter(change: Partial<RequestFilter>): Promise<void>;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  toggle(id: number): Promise<void>;
  /** A mounted log follows new calls; nothing is fetched while no one looks. */
  watch(): Unsubscribe;
  connect(): Unsubscribe;
}
export type RequestsStore = RequestsSlice;

const queryOf = (filter: RequestFilter) => ({
  ...(filter.status ? { status: filter.status } : {}),
  ...(filter.provider.trim() ? { provider: filter.provider.trim() } : {}),
  ...(filter.model.trim() ? { model: filter.model.trim() } : {}),
});

export const createRequestsSlice =
  ({ api }: StoreDeps): StateCreator<RequestsStore, [], [], RequestsSlice> =>
  (set, get) => {
    let watchers = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = singleFlight(async () => {
      const { filter } = get();
      set({ loading: true });
      try {
        const rows = await api.call('usage.requests', { limit: pageSize, ...queryOf(filter) });
        if (get().filter !== filter) return;
        set({ rows, more: rows.length === pageSize, loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    });
    // New calls go on top; the page already shown stays as it is.
    const follow = singleFlight(async () => {
      const { filter, rows, loaded } = get();
      if (!loaded) return load();
      try {
        const newer = await api.call('usage.requests', { limit: 500, after: rows[0]?.id ?? 0, ...queryOf(filter) });
        if (get().filter !== filter || !newer.length) return;
        set((state) => ({ rows: [...newer.reverse(), ...state.rows] }));
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    });
    return {
      ...initialLoadable,
      filter: { status: '', provider: '', model: '' },
      rows: [],
      more: false,
      loadingMore: false,
      openId: null,
      detail: { loading: false, error: null, entry: null },
      setFilter(change) {
        set((state) => ({ filter: { ...state.filter, ...change }, openId: null }));
        return load();
      },
      load,
      async loadMore() {
        const { filter, rows } = get();
        const last = rows.at(-1);
        if (!last || get().loadingMore) return;
        set({ loadingMore: true });
        try {
          const older = await api.call('usage.requests', { limit: pageSize, before: last.id, ...queryOf(filter) });
          if (get().filter === filter) set((state) => ({ rows: [...state.rows, ...older], more: older.length === pageSize }));
        } catch (error) {
          set({ error: errorMessage(error) });
        } finally {
          set({ loadingMore: false });
        }
      },
      async toggle(id) {
        if (get().openId === id) return void set({ openId: null });
        set({ openId: id, detail: { loading: true, error: null, entry: null } });
        try {
          const entry = await api.call('usage.request', { id });
          if (get().openId === id) set({ detail: { loading: false, error: null, entry } });
        } catch (error) {
          if (get().openId === id) set({ detail: { loading: false, error: errorMessage(error), entry: null } });
        }
      },
      watch() {
        watchers += 1;
        void load();
        return () => {
          watchers -= 1;
        };
      },
      connect() {
        const off = api.on('usage.recorded', () => {
          if (!watchers) return;
          timer ??= setTimeout(() => {
            timer = undefined;
            void follow();
          }, followEveryMs);
        });
        return () => {
          off();
          if (timer) clearTimeout(timer);
          timer = undefined;
        };
      },
    };
  };

export const createRequestsStore = (deps: StoreDeps) => createStore<RequestsStore>()((...args) => ({ ...createRequestsSlice(deps)(...args) }));

export const requestsSelectors = {
  filter: (state: RequestsStore) => state.filter,
  rows: (state: RequestsStore) => state.rows,
  more: (state: RequestsStore) => state.more,
  loadingMore: (state: RequestsStore) => state.loadingMore,
  loaded: (state: RequestsStore) => state.loaded,
  error: (state: RequestsStore) => state.error,
  openId: (state: RequestsStore) => state.openId,
  detail: (state: RequestsStore) => state.detail,
};
