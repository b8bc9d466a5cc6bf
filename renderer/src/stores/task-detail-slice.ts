import type { ContractEvents, MethodInput, MethodOutput, TaskEvent, TaskView } from '@shared/contract';
import type { TaskStatus } from '@shared/schemas/task';
import type { StateCreator } from 'zustand/vanilla';
import { errorMessage } from '../api';
import type { StoreDeps } from './deps';
import { mergeEvents } from './task-events';
import type { TasksStore } from './tasks-store';

export interface TaskDetail {
  task: TaskView | null;
  events: TaskEvent[];
  loading: boolean;
  error: string | null;
  acting: 'cancel' | 'rerun' | null;
  actionError: string | null;
}

export type SubmitInput = MethodInput<'tasks.submit'>;
export type SubmitResult = MethodOutput<'tasks.submit'>;

export interface TaskDetailSlice {
  /** Only the tasks a view has open keep their event log: 20 streaming tasks cost nothing unseen. */
  details: Record<string, TaskDetail>;
  openTask(id: string): Promise<void>;
  closeTask(id: string): void;
  cancel(id: string): Promise<void>;
  /** Resolves to the new task's id, or null when it failed (the error is on the detail). */
  rerun(id: string): Promise<string | null>;
  /** Rejects so the dispatch form can show why. */
  submit(input: SubmitInput): Promise<SubmitResult>;
  /** Fetches one task and puts it wherever it is shown. */
  fetchTask(id: string): Promise<void>;
  applyEvent(event: TaskEvent): void;
  /** After the event stream was down: catch every open task up on what it missed. */
  resyncOpen(): Promise<void>;
  applyStatus(update: ContractEvents['task.status']): void;
}

const blank: TaskDetail = { task: null, events: [], loading: true, error: null, acting: null, actionError: null };

export const createTaskDetailSlice =
  ({ api, notify }: StoreDeps): StateCreator<TasksStore, [], [], TaskDetailSlice> =>
  (set, get) => {
    const watchers = new Map<string, number>();
    const fetching = new Map<string, Promise<void>>();
    const patchDetail = (id: string, patch: Partial<TaskDetail> | ((detail: TaskDetail) => Partial<TaskDetail>)) =>
      set((state) => {
        const detail = state.details[id];
        if (!detail) return {};
        return { details: { ...state.details, [id]: { ...detail, ...(typeof patch === 'function' ? patch(detail) : patch) } } };
      });
    const patchTask = (id: string, change: (task: TaskView) => TaskView) =>
      set((state) => {
        const detail = state.details[id];
        return {
          tasks: state.tasks.map((task) => (task.id === id ? change(task) : task)),
          ...(detail?.task ? { details: { ...state.details, [id]: { ...detail, task: change(detail.task) } } } : {}),
        };
      });

    const fetchTask = (id: string): Promise<void> => {
      const pending = fetching.get(id);
      if (pending) return pending;
      const run = api
        .call('tasks.get', { id })
        .then((task) => {
          get().placeTask(task);
          patchDetail(id, { task });
        })
        .catch((error: unknown) => notify({ kind: 'error', message: `Could not refresh task ${id}: ${errorMessage(error)}` }))
        .finally(() => fetching.delete(id));
      fetching.set(id, run);
      return run;
    };

    return {
      details: {},
      fetchTask,
      async openTask(id) {
        watchers.set(id, (watchers.get(id) ?? 0) + 1);
        if (!get().details[id]) set((state) => ({ details: { ...state.details, [id]: blank } }));
        try {
          const [task, events] = await Promise.all([api.call('tasks.get', { id }), api.call('tasks.events', { id, after: 0 })]);
          patchDetail(id, (detail) => ({ task, events: mergeEvents(events, detail.events), loading: false, error: null }));
        } catch (error) {
          patchDetail(id, { loading: false, error: errorMessage(error) });
        }
      },
      closeTask(id) {
        const count = (watchers.get(id) ?? 1) - 1;
        if (count > 0) return void watchers.set(id, count);
        watchers.delete(id);
        set((state) => {
          const { [id]: _closed, ...details } = state.details;
          return { details };
        });
      },
      async cancel(id) {
        patchDetail(id, { acting: 'cancel', actionError: null });
        try {
          const { status } = await api.call('tasks.cancel', { id });
          patchTask(id, (task) => ({ ...task, status: status as TaskStatus }));
        } catch (error) {
          patchDetail(id, { actionError: errorMessage(error) });
        } finally {
          patchDetail(id, { acting: null });
        }
      },
      async rerun(id) {
        patchDetail(id, { acting: 'rerun', actionError: null });
        try {
          const { task_id } = await api.call('tasks.rerun', { id });
          void fetchTask(task_id);
          return task_id;
        } catch (error) {
          patchDetail(id, { actionError: errorMessage(error) });
          return null;
        } finally {
          patchDetail(id, { acting: null });
        }
      },
      async submit(input) {
        const result = await api.call('tasks.submit', input);
        // The task.submitted event does the same; this covers a stream that is down.
        void fetchTask(result.task_id);
        return result;
      },
      applyEvent(event) {
        if (!get().details[event.taskId]) return;
        patchDetail(event.taskId, (detail) => ({ events: mergeEvents(detail.events, [event]) }));
      },
      async resyncOpen() {
        await Promise.all(
          Object.entries(get().details).map(async ([id, detail]) => {
            try {
              const [task, events] = await Promise.all([api.call('tasks.get', { id }), api.call('tasks.events', { id, after: detail.events.at(-1)?.seq ?? 0 })]);
              patchDetail(id, (current) => ({ task, events: mergeEvents(current.events, events) }));
            } catch (error) {
              patchDetail(id, { error: errorMessage(error) });
            }
          }),
        );
      },
      applyStatus({ task_id, status, agent, error }) {
        patchTask(task_id, (task) => ({
          ...task,
          status: status as TaskStatus,
          ...(error !== undefined ? { error } : {}),
          assigned_agents: agent && !task.assigned_agents.includes(agent) ? [...task.assigned_agents, agent] : task.assigned_agents,
        }));
      },
    };
  };
