import { createStore, type StateCreator } from 'zustand/vanilla';
import type { Unsubscribe } from '../api';
import type { StoreDeps } from './deps';
import { createTaskDetailSlice, type TaskDetailSlice } from './task-detail-slice';
import { isTerminal } from './task-events';
import { createTasksListSlice, type TasksListSlice } from './tasks-list-slice';

export interface TasksEventsSlice {
  connect(): Unsubscribe;
}
export type TasksStore = TasksListSlice & TaskDetailSlice & TasksEventsSlice;
export type { TaskFilter } from './tasks-list-slice';
export type { SubmitInput, SubmitResult, TaskDetail } from './task-detail-slice';

/** Keeps the list and the open task pages current from the event stream alone. */
const createTasksEventsSlice =
  ({ api }: StoreDeps): StateCreator<TasksStore, [], [], TasksEventsSlice> =>
  (_set, get) => ({
    connect() {
      const offs = [
        api.on('task.submitted', ({ task_id }) => void get().fetchTask(task_id)),
        api.on('task.event', (event) => get().applyEvent(event)),
        api.on('task.status', (update) => {
          get().applyStatus(update);
          // The record gains result, usage, timings and diff stat when the task ends: fetch it
          // then, or at every step for a task whose page is open.
          const { tasks, details } = get();
          const open = Boolean(details[update.task_id]);
          const listed = tasks.some((task) => task.id === update.task_id);
          if (open || (listed && isTerminal(update.status))) void get().fetchTask(update.task_id);
          // An open fan-out parent sums its children's usage: a child that ended changes it.
          if (isTerminal(update.status)) {
            for (const detail of Object.values(details)) {
              if (detail.task?.children.includes(update.task_id)) void get().fetchTask(detail.task.id);
            }
          }
        }),
      ];
      return () => offs.forEach((off) => off());
    },
  });

export const createTasksStore = (deps: StoreDeps) =>
  createStore<TasksStore>()((...args) => ({
    ...createTasksListSlice(deps)(...args),
    ...createTaskDetailSlice(deps)(...args),
    ...createTasksEventsSlice(deps)(...args),
  }));

export const tasksSelectors = {
  tasks: (state: TasksStore) => state.tasks,
  total: (state: TasksStore) => state.total,
  filter: (state: TasksStore) => state.filter,
  loaded: (state: TasksStore) => state.loaded,
  loading: (state: TasksStore) => state.loading,
  loadingMore: (state: TasksStore) => state.loadingMore,
  error: (state: TasksStore) => state.error,
  detail: (id: string) => (state: TasksStore) => state.details[id],
};
