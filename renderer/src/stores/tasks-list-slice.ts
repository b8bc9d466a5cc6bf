import type { TaskView } from '@shared/contract';
import type { TaskStatus } from '@shared/schemas/task';
import type { StateCreator } from 'zustand/vanilla';
import { errorMessage } from '../api';
import { initialLoadable, type Loadable, type StoreDeps } from './deps';
import { singleFlight } from './single-flight';
import type { TasksStore } from './tasks-store';

export interface TaskFilter {
  status?: TaskStatus;
  agent?: string;
}

export interface TasksListSlice extends Loadable {
  tasks: TaskView[];
  total: number;
  filter: TaskFilter;
  loadingMore: boolean;
  loadList(): Promise<void>;
  loadMore(): Promise<void>;
  setFilter(filter: TaskFilter): Promise<void>;
  /** Puts a fetched task in the list when it belongs there under the current filter. */
  placeTask(task: TaskView): void;
}

export const pageSize = 50;

const matches = (task: TaskView, filter: TaskFilter) =>
  !task.parent_id && (!filter.status || task.status === filter.status) && (!filter.agent || task.assigned_agents.includes(filter.agent));

const query = (filter: TaskFilter) => ({ ...(filter.status ? { status: filter.status } : {}), ...(filter.agent ? { agent: filter.agent } : {}) });

export const createTasksListSlice =
  ({ api }: StoreDeps): StateCreator<TasksStore, [], [], TasksListSlice> =>
  (set, get) => {
    const loadList = singleFlight(async () => {
      const { filter } = get();
      set({ loading: true });
      try {
        const { tasks, total } = await api.call('tasks.list', { ...query(filter), limit: pageSize, offset: 0 });
        // A filter changed meanwhile: the trailing run will load the right page.
        if (get().filter !== filter) return;
        set({ tasks, total, loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: errorMessage(error) });
      }
    });
    return {
      ...initialLoadable,
      tasks: [],
      total: 0,
      filter: {},
      loadingMore: false,
      loadList,
      async loadMore() {
        const { filter, tasks } = get();
        set({ loadingMore: true });
        try {
          const page = await api.call('tasks.list', { ...query(filter), limit: pageSize, offset: tasks.length });
          const known = new Set(get().tasks.map((task) => task.id));
          set((state) => ({ tasks: [...state.tasks, ...page.tasks.filter((task) => !known.has(task.id))], total: page.total, error: null }));
        } catch (error) {
          set({ error: errorMessage(error) });
        } finally {
          set({ loadingMore: false });
        }
      },
      setFilter(filter) {
        set({ filter, tasks: [], total: 0, loaded: false });
        return loadList();
      },
      placeTask(task) {
        set((state) => {
          const index = state.tasks.findIndex((entry) => entry.id === task.id);
          if (index >= 0) return { tasks: state.tasks.map((entry, i) => (i === index ? task : entry)) };
          if (!state.loaded || !matches(task, state.filter)) return {};
          return { tasks: [task, ...state.tasks], total: state.total + 1 };
        });
      },
    };
  };
