import type { ServiceConnectionView, ServiceDetailView, ServiceHealthCheckView, ServiceLogView, ServiceRule } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';

export type ServiceItem = ServiceDetailView & { health_history: ServiceHealthCheckView[] };
export type RuleInput = Omit<ServiceRule, 'rule_id' | 'created_at'>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ServicesSlice extends Loadable {
  services: ServiceItem[];
  rules: ServiceRule[];
  /** The service whose logs and connections are open. */
  selected: string | null;
  connections: ServiceConnectionView[];
  logs: ServiceLogView[];
  logLevel: LogLevel;
  /** A search replaces the live tail until it is cleared. */
  logQuery: string;
  busy: string | null;
  load(): Promise<void>;
  select(id: string | null): Promise<void>;
  refreshSelected(): Promise<void>;
  tail(): Promise<void>;
  refreshConnections(): Promise<void>;
  setLogLevel(level: LogLevel): Promise<void>;
  searchLogs(query: string): Promise<void>;
  act(id: string, action: 'start' | 'stop' | 'restart'): Promise<void>;
  disconnect(connectionId: string): Promise<void>;
  saveRule(rule: RuleInput, id?: string): Promise<boolean>;
  deleteRule(id: string): Promise<void>;
  connect(): Unsubscribe;
}
export type ServicesStore = ServicesSlice;

const MAX_LOG_LINES = 1_000;

export const createServicesSlice =
  ({ api, notify }: StoreDeps): StateCreator<ServicesStore, [], [], ServicesSlice> =>
  (set, get) => {
    const loadLogs = async (id: string) => {
      const { logLevel, logQuery } = get();
      const logs = await api.call('serviceLogs.list', { id, level: logLevel, ...(logQuery ? { query: logQuery } : {}), limit: 200 });
      // A search answers newest first; the tail reads oldest first.
      if (get().selected === id) set({ logs: logQuery ? [...logs].reverse() : logs });
    };
    const report = (error: unknown) => notify({ kind: 'error', message: errorMessage(error) });
    return {
      ...initialLoadable,
      services: [],
      rules: [],
      selected: null,
      connections: [],
      logs: [],
      logLevel: 'debug',
      logQuery: '',
      busy: null,
      async load() {
        set({ loading: true });
        try {
          const [services, rules] = await Promise.all([api.call('services.list', {}), api.call('serviceRules.list', {})]);
          set({ services, rules, loaded: true, loading: false, error: null });
        } catch (error) {
          set({ loading: false, error: errorMessage(error) });
        }
      },
      async select(id) {
        set({ selected: id, logs: [], connections: [], logQuery: '' });
        if (id) await get().refreshSelected();
      },
      async refreshSelected() {
        const id = get().selected;
        if (!id) return;
        try {
          const [{ connections }] = await Promise.all([api.call('services.get', { id }), loadLogs(id)]);
          if (get().selected === id) set({ connections });
        } catch (error) {
          set({ error: errorMessage(error) });
        }
      },
      async tail() {
        const { selected, logs, logQuery, logLevel } = get();
        if (!selected || logQuery) return;
        const afterId = logs.at(-1)?.id ?? 0;
        try {
          const fresh = await api.call('serviceLogs.list', { id: selected, level: logLevel, afterId, limit: 500 });
          if (fresh.length && get().selected === selected && !get().logQuery) set({ logs: [...get().logs, ...fresh].slice(-MAX_LOG_LINES) });
        } catch {
          // The next tick tries again; a real failure shows on the next refresh.
        }
      },
      async refreshConnections() {
        const id = get().selected;
        if (!id) return;
        try {
          const { connections } = await api.call('services.get', { id });
          if (get().selected === id) set({ connections });
        } catch {
          // Shown on the next full refresh.
        }
      },
      async setLogLevel(level) {
        set({ logLevel: level });
        const id = get().selected;
        if (id) await loadLogs(id).catch(report);
      },
      async searchLogs(query) {
        set({ logQuery: query.trim() });
        const id = get().selected;
        if (id) await loadLogs(id).catch(report);
      },
      async act(id, action) {
        set({ busy: `${id}:${action}` });
        try {
          const service = await api.call('services.action', { id, action });
          notify({ kind: 'success', message: `${service.name} is ${service.status}` });
        } catch (error) {
          report(error);
        } finally {
          set({ busy: null });
          await get().load();
        }
      },
      async disconnect(connectionId) {
        try {
          await api.call('serviceConnections.disconnect', { id: connectionId });
          notify({ kind: 'success', message: 'Connection closed' });
          await get().refreshSelected();
        } catch (error) {
          report(error);
        }
      },
      async saveRule(rule, id) {
        try {
          await api.call('serviceRules.save', id ? { id, rule } : { rule });
          set({ rules: await api.call('serviceRules.list', {}) });
          notify({ kind: 'success', message: `Service rule ${rule.name} saved` });
          return true;
        } catch (error) {
          report(error);
          return false;
        }
      },
      async deleteRule(id) {
        try {
          await api.call('serviceRules.delete', { id });
          set({ rules: await api.call('serviceRules.list', {}) });
        } catch (error) {
          report(error);
        }
      },
      connect() {
        return api.on('services.changed', () => {
          if (get().loaded) void get().load();
        });
      },
    };
  };

export const createServicesStore = (deps: StoreDeps) => createStore<ServicesStore>()((...args) => ({ ...createServicesSlice(deps)(...args) }));

export const servicesSelectors = {
  services: (state: ServicesStore) => state.services,
  rules: (state: ServicesStore) => state.rules,
  selected: (state: ServicesStore) => state.selected,
  connections: (state: ServicesStore) => state.connections,
  logs: (state: ServicesStore) => state.logs,
  logLevel: (state: ServicesStore) => state.logLevel,
  logQuery: (state: ServicesStore) => state.logQuery,
  busy: (state: ServicesStore) => state.busy,
  loaded: (state: ServicesStore) => state.loaded,
  error: (state: ServicesStore) => state.error,
};
