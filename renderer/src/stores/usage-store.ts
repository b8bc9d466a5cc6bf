import type { UsagePoint, UsageTotals } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { singleFlight } from './single-flight';

export type UsageRange = '24h' | '7d' | '30d';
export type UsageBy = 'model' | 'provider' | 'agent';

export const rangeMs: Record<UsageRange, number> = { '24h': 24 * 3_600_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
export const bucketOf = (range: UsageRange) => (range === '24h' ? 'hour' : 'day');

/** Usage rows can land many times a second; the view refetches at most this often. */
export const refreshEveryMs = 1_000;

export interface UsageSlice extends Loadable {
  range: UsageRange;
  by: UsageBy;
  series: UsagePoint[];
  totals: UsageTotals[];
  /** Start of the loaded window (ms), so the chart can lay out empty buckets too. */
  since: number;
  /** Bucket size of the loaded series (it follows the range once the new data is in). */
  bucket: 'hour' | 'day';
  setRange(range: UsageRange): Promise<void>;
  setBy(by: UsageBy): Promise<void>;
  load(): Promise<void>;
  /** A mounted view watches; new usage refetches only while someone looks. */
  watch(): Unsubscribe;
  connect(): Unsubscribe;
}
export type UsageStore = UsageSlice;

export const createUsageSlice =
  ({ api, notify }: StoreDeps): StateCreator<UsageStore, [], [], UsageSlice> =>
  (set, get) => {
    let watchers = 0;
    let stale = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = singleFlight(async () => {
      const { range, by } = get();
      const since = Date.now() - rangeMs[range];
      stale = false;
      set({ loading: true });
      try {
        const [series, totals] = await Promise.all([
          api.call('usage.series', { by, bucket: bucketOf(range), since }),
          api.call('usage.totals', { groupBy: by, since }),
        ]);
        if (get().range !== range || get().by !== by) return;
        set({ series, totals, since, bucket: bucketOf(range), loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    });
    const onRecorded = () => {
      if (!watchers) {
        stale = true;
        return;
      }
      timer ??= setTimeout(() => {
        timer = undefined;
        void load().then(() => {
          const { error, loaded } = get();
          if (error && loaded) notify({ kind: 'error', message: `Could not refresh usage: ${error}` });
        });
      }, refreshEveryMs);
    };
    return {
      ...initialLoadable,
      range: '24h',
      by: 'model',
      series: [],
      totals: [],
      since: 0,
      bucket: 'hour',
      setRange(range) {
        set({ range });
        return load();
      },
      setBy(by) {
        set({ by });
        return load();
      },
      load,
      watch() {
        watchers += 1;
        if (stale) void load();
        return () => {
          watchers -= 1;
        };
      },
      connect() {
        const off = api.on('usage.recorded', onRecorded);
        return () => {
          off();
          if (timer) clearTimeout(timer);
          timer = undefined;
        };
      },
    };
  };

export const createUsageStore = (deps: StoreDeps) => createStore<UsageStore>()((...args) => ({ ...createUsageSlice(deps)(...args) }));

export const usageSelectors = {
  range: (state: UsageStore) => state.range,
  by: (state: UsageStore) => state.by,
  series: (state: UsageStore) => state.series,
  totals: (state: UsageStore) => state.totals,
  since: (state: UsageStore) => state.since,
  bucket: (state: UsageStore) => state.bucket,
  loaded: (state: UsageStore) => state.loaded,
  loading: (state: UsageStore) => state.loading,
  error: (state: UsageStore) => state.error,
};
