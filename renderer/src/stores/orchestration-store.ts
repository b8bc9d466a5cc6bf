import type { Catalog, CatalogLayer, ControlResult, MessageResult, RuntimeTask, TaskTreeNode } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { singleFlight } from './single-flight';

/** What the Orchestrate page's buttons do to the selected run. */
export type RunAction = 'pause' | 'resume' | 'interrupt' | 'cancel' | 'hard-stop';

export interface OrchestrationSlice extends Loadable {
  /** The orchestrator's recent runs (its top-level tasks), newest first. */
  runs: RuntimeTask[];
  selected: string | null;
  tree: TaskTreeNode | null;
  treeError: string | null;
  catalog: Catalog | null;
  layer: CatalogLayer;
  catalogError: string | null;
  load(): Promise<void>;
  loadCatalog(layer?: CatalogLayer): Promise<void>;
  /** Sends to the orchestrator and opens the new run; rejects so the form can say why. */
  send(message: string, sessionId?: string): Promise<MessageResult>;
  select(taskId: string | null): Promise<void>;
  /** Rejects so the button can say why. */
  act(action: RunAction): Promise<ControlResult[]>;
  connect(): Unsubscribe;
}
export type OrchestrationStore = OrchestrationSlice;

const shownRuns = 20;
const ended = ['completed', 'failed', 'cancelled', 'timeout', 'interrupted'];

/** Every task of a tree, the root first. */
export function treeNodes(node: TaskTreeNode): TaskTreeNode[] {
  return [node, ...node.children.flatMap(treeNodes)];
}

export const createOrchestrationSlice =
  ({ api }: StoreDeps): StateCreator<OrchestrationStore, [], [], OrchestrationSlice> =>
  (set, get) => {
    const refreshRuns = singleFlight(async () => {
      try {
        set({ runs: await api.call('orchestration.runs', { limit: shownRuns }), loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    });
    const refreshTree = singleFlight(async () => {
      const taskId = get().selected;
      if (!taskId) return;
      try {
        const tree = await api.call('orchestration.tree', { taskId });
        if (get().selected === taskId) set({ tree, treeError: null });
      } catch (error) {
        if (get().selected === taskId) set({ treeError: errorMessage(error) });
      }
    });
    const refreshCatalog = singleFlight(async () => {
      try {
        set({ catalog: await api.call('orchestration.catalog', { layer: get().layer }), catalogError: null });
      } catch (error) {
        set({ catalogError: errorMessage(error) });
      }
    });
    const inTree = (taskId: string | null | undefined) => {
      const tree = get().tree;
      return Boolean(taskId && tree && treeNodes(tree).some((node) => node.taskId === taskId));
    };
    return {
      ...initialLoadable,
      runs: [],
      selected: null,
      tree: null,
      treeError: null,
      catalog: null,
      layer: 'summary',
      catalogError: null,
      async load() {
        set({ loading: true });
        await Promise.all([refreshRuns(), refreshCatalog()]);
      },
      async loadCatalog(layer) {
        if (layer) set({ layer });
        await refreshCatalog();
      },
      async send(message, sessionId) {
        const result = await api.call('orchestration.message', { message, ...(sessionId ? { sessionId } : {}) });
        await refreshRuns();
        await get().select(result.taskId);
        return result;
      },
      async select(taskId) {
        set({ selected: taskId, tree: null, treeError: null });
        await refreshTree();
      },
      async act(action) {
        const tree = get().tree;
        if (!tree) return [];
        const workflowId = tree.workflowId;
        const scope = workflowId ? { workflowId } : { targetAgentId: tree.agentId ?? undefined };
        // Pause holds the queue of every agent this run still has work on; resume releases them
        // and runs again what an interrupt stopped.
        const busyAgents = [...new Set(treeNodes(tree).filter((node) => !ended.includes(node.status) && node.agentId).map((node) => node.agentId as string))];
        const calls =
          action === 'pause'
            ? busyAgents.map((agent) => ({ action: 'pause' as const, targetAgentId: agent }))
            : action === 'resume'
              ? [...pausedAgents(get().catalog).map((agent) => ({ action: 'resume' as const, targetAgentId: agent })), { action: 'resume' as const, ...scope }]
              : [{ action: action === 'hard-stop' ? ('cancel' as const) : action, ...scope, ...(action === 'hard-stop' ? { hard: true } : {}) }];
        const results: ControlResult[] = [];
        for (const call of calls) results.push(await api.call('orchestration.control', call));
        await Promise.all([refreshTree(), refreshRuns(), refreshCatalog()]);
        return results;
      },
      connect() {
        const offs = [
          api.on('task.submitted', (event) => {
            if (event.parent_id === null) void refreshRuns();
            else if (inTree(event.parent_id)) void refreshTree();
          }),
          api.on('task.status', (event) => {
            if (inTree(event.task_id)) void refreshTree();
            if (get().runs.some((run) => run.taskId === event.task_id)) void refreshRuns();
          }),
          api.on('agents.changed', () => {
            if (get().catalog) void refreshCatalog();
          }),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  };

const pausedAgents = (catalog: Catalog | null) => (catalog?.agents ?? []).filter((agent) => agent.state === 'paused').map((agent) => agent.id);

export const createOrchestrationStore = (deps: StoreDeps) => createStore<OrchestrationStore>()((...args) => ({ ...createOrchestrationSlice(deps)(...args) }));

export const orchestrationSelectors = {
  runs: (state: OrchestrationStore) => state.runs,
  loaded: (state: OrchestrationStore) => state.loaded,
  error: (state: OrchestrationStore) => state.error,
  selected: (state: OrchestrationStore) => state.selected,
  tree: (state: OrchestrationStore) => state.tree,
  treeError: (state: OrchestrationStore) => state.treeError,
  catalog: (state: OrchestrationStore) => state.catalog,
  layer: (state: OrchestrationStore) => state.layer,
  catalogError: (state: OrchestrationStore) => state.catalogError,
};
