import type { ActiveEnvView, AgentMetrics, AuditEntry, EnvPresetView, EnvSnapshot, LockView } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';

export interface MonitorSlice extends Loadable {
  /** The agent whose charts are shown. */
  agentId: string | null;
  samples: Partial<AgentMetrics>[];
  locks: LockView[];
  audit: AuditEntry[];
  presets: EnvPresetView[];
  active: ActiveEnvView[];
  snapshots: EnvSnapshot[];
  load(): Promise<void>;
  selectAgent(agentId: string): Promise<void>;
  switchPreset(agentId: string, preset: string): Promise<void>;
  snapshot(agentId: string): Promise<void>;
  rollback(snapshotId: string): Promise<void>;
  connect(): Unsubscribe;
}
export type MonitorStore = MonitorSlice;

/** The last hour, one point a minute. */
const windowMs = 3_600_000;
const intervalS = 60;

export const createMonitorSlice =
  ({ api, notify }: StoreDeps): StateCreator<MonitorStore, [], [], MonitorSlice> =>
  (set, get) => {
    const loadSamples = async () => {
      const agentId = get().agentId;
      if (!agentId) return set({ samples: [] });
      const { metrics } = await api.call('monitor.metrics', { agentId, since: Date.now() - windowMs, interval: intervalS });
      if (get().agentId === agentId) set({ samples: metrics });
    };
    const loadEnv = async () => {
      const [{ presets, active }, { snapshots }] = await Promise.all([api.call('env.presets', {}), api.call('env.snapshots', {})]);
      set({ presets, active, snapshots });
    };
    const act = async (what: string, run: () => Promise<unknown>) => {
      try {
        await run();
        await loadEnv();
        notify({ kind: 'success', message: what });
      } catch (error) {
        notify({ kind: 'error', message: errorMessage(error) });
      }
    };
    return {
      ...initialLoadable,
      agentId: null,
      samples: [],
      locks: [],
      audit: [],
      presets: [],
      active: [],
      snapshots: [],
      async load() {
        set({ loading: true });
        try {
          const [locks, { entries }] = await Promise.all([api.call('monitor.locks', {}), api.call('audit.list', { limit: 50 })]);
          set({ locks, audit: entries });
          await Promise.all([loadEnv(), loadSamples()]);
          set({ loaded: true, loading: false, error: null });
        } catch (error) {
          set({ loading: false, error: errorMessage(error) });
        }
      },
      async selectAgent(agentId) {
        set({ agentId, samples: [] });
        try {
          await loadSamples();
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      },
      switchPreset: (agentId, preset) => act(`${agentId === '*' ? 'Every agent' : agentId} now runs with ${preset}`, () => api.call('env.switch', { agentId, preset, createSnapshot: true })),
      snapshot: (agentId) => act(`Snapshot of ${agentId === '*' ? 'the default' : agentId} taken`, () => api.call('env.snapshot', { agentId })),
      rollback: (snapshotId) => act(`Rolled back to ${snapshotId}`, () => api.call('env.rollback', { snapshotId, force: false })),
      connect() {
        const offs = [
          api.on('env.changed', () => void loadEnv().catch(() => undefined)),
          api.on('audit.recorded', () => {
            if (get().loaded) void api.call('audit.list', { limit: 50 }).then(({ entries }) => set({ audit: entries }), () => undefined);
          }),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  };

export const createMonitorStore = (deps: StoreDeps) => createStore<MonitorStore>()((...args) => ({ ...createMonitorSlice(deps)(...args) }));

export const monitorSelectors = {
  agentId: (state: MonitorStore) => state.agentId,
  samples: (state: MonitorStore) => state.samples,
  locks: (state: MonitorStore) => state.locks,
  audit: (state: MonitorStore) => state.audit,
  presets: (state: MonitorStore) => state.presets,
  active: (state: MonitorStore) => state.active,
  snapshots: (state: MonitorStore) => state.snapshots,
  loaded: (state: MonitorStore) => state.loaded,
  error: (state: MonitorStore) => state.error,
};
