import type { MethodInput, MethodOutput, ProviderView } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { singleFlight } from './single-flight';

export type ProviderInput = MethodInput<'providers.save'>['provider'];
export type ProviderTest = { running: true } | ({ running: false } & MethodOutput<'providers.test'>);

export interface ProvidersSlice extends Loadable {
  providers: ProviderView[];
  tests: Record<string, ProviderTest | undefined>;
  removing: Record<string, boolean | undefined>;
  actionErrors: Record<string, string | undefined>;
  load(): Promise<void>;
  /** Rejects so the form can show the message beside its fields. */
  save(provider: ProviderInput, previousId?: string): Promise<ProviderView>;
  remove(id: string): Promise<boolean>;
  test(id: string): Promise<void>;
  connect(): Unsubscribe;
}
export type ProvidersStore = ProvidersSlice;

export const createProvidersSlice =
  ({ api, notify }: StoreDeps): StateCreator<ProvidersStore, [], [], ProvidersSlice> =>
  (set, get) => {
    const refresh = singleFlight(async () => {
      set({ loading: true });
      try {
        set({ providers: await api.call('providers.list', {}), loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    });
    const refreshInBackground = async () => {
      await refresh();
      const { error, providers } = get();
      if (error && providers.length) notify({ kind: 'error', message: `Could not refresh providers: ${error}` });
    };
    return {
      ...initialLoadable,
      providers: [],
      tests: {},
      removing: {},
      actionErrors: {},
      load: refresh,
      async save(provider, previousId) {
        const saved = await api.call('providers.save', { provider, ...(previousId ? { previousId } : {}) });
        const replaced = previousId ?? saved.id;
        set((state) => ({
          providers: state.providers.some((entry) => entry.id === replaced)
            ? state.providers.map((entry) => (entry.id === replaced ? saved : entry))
            : [...state.providers, saved],
        }));
        return saved;
      },
      async remove(id) {
        set((state) => ({ removing: { ...state.removing, [id]: true }, actionErrors: { ...state.actionErrors, [id]: undefined } }));
        try {
          await api.call('providers.remove', { id });
          set((state) => ({ providers: state.providers.filter((provider) => provider.id !== id) }));
          return true;
        } catch (error) {
          set((state) => ({ actionErrors: { ...state.actionErrors, [id]: errorMessage(error) } }));
          return false;
        } finally {
          set((state) => ({ removing: { ...state.removing, [id]: undefined } }));
        }
      },
      async test(id) {
        set((state) => ({ tests: { ...state.tests, [id]: { running: true } } }));
        let outcome: ProviderTest;
        try {
          outcome = { running: false, ...(await api.call('providers.test', { id })) };
        } catch (error) {
          outcome = { running: false, ok: false, latencyMs: 0, message: errorMessage(error) };
        }
        set((state) => ({ tests: { ...state.tests, [id]: outcome } }));
      },
      connect() {
        const offs = [
          api.on('providers.changed', () => void refreshInBackground()),
          api.on('quota.alert', ({ level, summary, provider }) => {
            notify({ kind: level === 'exhausted' ? 'error' : 'warning', message: `${provider}: ${summary}` });
            void refreshInBackground();
          }),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  };

export const createProvidersStore = (deps: StoreDeps) => createStore<ProvidersStore>()((...args) => ({ ...createProvidersSlice(deps)(...args) }));

export const providersSelectors = {
  providers: (state: ProvidersStore) => state.providers,
  loaded: (state: ProvidersStore) => state.loaded,
  error: (state: ProvidersStore) => state.error,
  test: (id: string) => (state: ProvidersStore) => state.tests[id],
  removing: (id: string) => (state: ProvidersStore) => Boolean(state.removing[id]),
  actionError: (id: string) => (state: ProvidersStore) => state.actionErrors[id],
};
