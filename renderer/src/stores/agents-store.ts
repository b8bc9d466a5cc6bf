import type { ActiveTask, AgentInfo, MethodInput } from '@shared/contract';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { errorMessage, type Unsubscribe } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { singleFlight } from './single-flight';

export type AgentPatch = MethodInput<'agents.update'>['patch'];
export type NewAgent = MethodInput<'agents.register'>['agent'];
export type AgentAction = 'toggle' | 'detect' | 'remove';

export interface AgentsSlice extends Loadable {
  agents: AgentInfo[];
  /** What each agent is working on now, so a busy card can link to it. */
  activeTasks: Record<string, ActiveTask[]>;
  /** The card action running per agent, to disable its buttons. */
  busy: Record<string, AgentAction | undefined>;
  /** A card action's failure, shown on that card. */
  actionErrors: Record<string, string | undefined>;
  load(): Promise<void>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  detect(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Form actions reject so the form can show the message beside its fields. */
  update(id: string, patch: AgentPatch): Promise<AgentInfo>;
  register(agent: NewAgent): Promise<AgentInfo>;
  connect(): Unsubscribe;
}
export type AgentsStore = AgentsSlice;

const byAgent = (tasks: ActiveTask[]): Record<string, ActiveTask[]> => {
  const map: Record<string, ActiveTask[]> = {};
  for (const task of tasks) (map[task.agent] ??= []).push(task);
  return map;
};

const upsert = (agents: AgentInfo[], agent: AgentInfo) =>
  agents.some((entry) => entry.id === agent.id) ? agents.map((entry) => (entry.id === agent.id ? agent : entry)) : [...agents, agent];

export const createAgentsSlice =
  ({ api, notify }: StoreDeps): StateCreator<AgentsStore, [], [], AgentsSlice> =>
  (set, get) => {
    const refresh = singleFlight(async () => {
      set({ loading: true });
      try {
        const [agents, active] = await Promise.all([api.call('agents.list', {}), api.call('tasks.active', {})]);
        set({ agents, activeTasks: byAgent(active), loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    });
    // After the first load a failed event-driven refresh keeps the list and raises a toast.
    const refreshInBackground = async () => {
      await refresh();
      const { error, agents } = get();
      if (error && agents.length) notify({ kind: 'error', message: `Could not refresh agents: ${error}` });
    };
    const cardAction = async (id: string, action: AgentAction, run: () => Promise<void>) => {
      set((state) => ({ busy: { ...state.busy, [id]: action }, actionErrors: { ...state.actionErrors, [id]: undefined } }));
      try {
        await run();
      } catch (error) {
        set((state) => ({ actionErrors: { ...state.actionErrors, [id]: errorMessage(error) } }));
      } finally {
        set((state) => ({ busy: { ...state.busy, [id]: undefined } }));
      }
    };
    return {
      ...initialLoadable,
      agents: [],
      activeTasks: {},
      busy: {},
      actionErrors: {},
      load: refresh,
      setEnabled: (id, enabled) =>
        cardAction(id, 'toggle', async () => {
          const agent = await api.call('agents.update', { id, patch: { enabled } });
          set((state) => ({ agents: upsert(state.agents, agent) }));
        }),
      detect: (id) =>
        cardAction(id, 'detect', async () => {
          const agent = await api.call('agents.detect', { id });
          set((state) => ({ agents: upsert(state.agents, agent) }));
        }),
      remove: (id) =>
        cardAction(id, 'remove', async () => {
          await api.call('agents.remove', { id });
          set((state) => ({ agents: state.agents.filter((agent) => agent.id !== id) }));
        }),
      async update(id, patch) {
        const agent = await api.call('agents.update', { id, patch });
        set((state) => ({ agents: upsert(state.agents, agent) }));
        return agent;
      },
      async register(input) {
        const agent = await api.call('agents.register', { agent: input });
        set((state) => ({ agents: upsert(state.agents, agent) }));
        return agent;
      },
      connect() {
        // Running/queued counts move with tasks, and no agents event says so: refetch on task status too.
        const offs = [api.on('agents.changed', () => void refreshInBackground()), api.on('task.status', () => void refreshInBackground())];
        return () => offs.forEach((off) => off());
      },
    };
  };

export const createAgentsStore = (deps: StoreDeps) => createStore<AgentsStore>()((...args) => ({ ...createAgentsSlice(deps)(...args) }));

export const agentsSelectors = {
  agents: (state: AgentsStore) => state.agents,
  loaded: (state: AgentsStore) => state.loaded,
  error: (state: AgentsStore) => state.error,
  byId: (id: string) => (state: AgentsStore) => state.agents.find((agent) => agent.id === id),
  busy: (id: string) => (state: AgentsStore) => state.busy[id],
  activeTasks: (id: string) => (state: AgentsStore) => state.activeTasks[id],
  actionError: (id: string) => (state: AgentsStore) => state.actionErrors[id],
};
