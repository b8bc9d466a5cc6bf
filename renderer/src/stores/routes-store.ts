import type { RouteConfig, RouteTestResult } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { moveItem, ruleProblem, sameRoutes, updateRule } from './route-draft';

export interface RouteTestState {
  running: boolean;
  result: RouteTestResult | null;
  error: string | null;
}

export interface RoutesSlice extends Loadable {
  saved: RouteConfig[];
  draft: RouteConfig[];
  dirty: boolean;
  saving: boolean;
  saveError: string | null;
  test: RouteTestState;
  load(): Promise<void>;
  addRule(): void;
  removeRule(index: number): void;
  moveRule(index: number, delta: -1 | 1): void;
  setMatch(index: number, match: string): void;
  addTarget(index: number, target: string): void;
  removeTarget(index: number, targetIndex: number): void;
  moveTarget(index: number, targetIndex: number, delta: -1 | 1): void;
  discard(): void;
  save(): Promise<boolean>;
  runTest(model: string): Promise<void>;
  connect(): Unsubscribe;
}
export type RoutesStore = RoutesSlice;

export const createRoutesSlice =
  ({ api }: StoreDeps): StateCreator<RoutesStore, [], [], RoutesSlice> =>
  (set, get) => {
    const edit = (change: (draft: RouteConfig[]) => RouteConfig[]) =>
      set((state) => {
        const draft = change(state.draft);
        return { draft, dirty: !sameRoutes(draft, state.saved), saveError: null };
      });
    return {
      ...initialLoadable,
      saved: [],
      draft: [],
      dirty: false,
      saving: false,
      saveError: null,
      test: { running: false, result: null, error: null },
      async load() {
        set({ loading: true });
        try {
          const routes = await api.call('routes.list', {});
          // Never throw away edits the user has not saved.
          set((state) => (state.dirty ? { saved: routes } : { saved: routes, draft: routes }));
          set({ loaded: true, loading: false, error: null });
        } catch (error) {
          set({ loading: false, error: errorMessage(error) });
        }
      },
      addRule: () => edit((draft) => [...draft, { match: '', to: [] }]),
      removeRule: (index) => edit((draft) => draft.filter((_, i) => i !== index)),
      moveRule: (index, delta) => edit((draft) => moveItem(draft, index, delta)),
      setMatch: (index, match) => edit((draft) => updateRule(draft, index, (rule) => ({ ...rule, match }))),
      addTarget: (index, target) => edit((draft) => updateRule(draft, index, (rule) => ({ ...rule, to: [...rule.to, target] }))),
      removeTarget: (index, targetIndex) =>
        edit((draft) => updateRule(draft, index, (rule) => ({ ...rule, to: rule.to.filter((_, i) => i !== targetIndex) }))),
      moveTarget: (index, targetIndex, delta) =>
        edit((draft) => updateRule(draft, index, (rule) => ({ ...rule, to: moveItem(rule.to, targetIndex, delta) }))),
      discard: () => set((state) => ({ draft: state.saved, dirty: false, saveError: null })),
      async save() {
        const { draft } = get();
        const problem = draft.map((rule, index) => [index, ruleProblem(rule)] as const).find(([, message]) => message);
        if (problem) {
          set({ saveError: `Rule ${problem[0] + 1}: ${problem[1]}` });
          return false;
        }
        set({ saving: true, saveError: null });
        try {
          const routes = await api.call('routes.save', { routes: draft.map((rule) => ({ ...rule, match: rule.match.trim() })) });
          set({ saved: routes, draft: routes, dirty: false });
          return true;
        } catch (error) {
          set({ saveError: errorMessage(error) });
          return false;
        } finally {
          set({ saving: false });
        }
      },
      async runTest(model) {
        set({ test: { running: true, result: null, error: null } });
        try {
          set({ test: { running: false, result: await api.call('routes.test', { model: model.trim() }), error: null } });
        } catch (error) {
          set({ test: { running: false, result: null, error: errorMessage(error) } });
        }
      },
      connect() {
        // Renaming a provider rewrites the rules that name it; there is no routes event of its own.
        return api.on('providers.changed', () => void get().load());
      },
    };
  };

export const createRoutesStore = (deps: StoreDeps) => createStore<RoutesStore>()((...args) => ({ ...createRoutesSlice(deps)(...args) }));

export const routesSelectors = {
  draft: (state: RoutesStore) => state.draft,
  dirty: (state: RoutesStore) => state.dirty,
  saving: (state: RoutesStore) => state.saving,
  saveError: (state: RoutesStore) => state.saveError,
  loaded: (state: RoutesStore) => state.loaded,
  error: (state: RoutesStore) => state.error,
  test: (state: RoutesStore) => state.test,
};
