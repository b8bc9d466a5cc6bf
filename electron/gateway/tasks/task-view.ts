import type { TaskView } from '../../../shared/contract/index.js';
import type { StoredTask, TaskStore } from './task-store.js';

/** A task as the API and the UI show it: the record without internals, with links and each fan-out child's result. */
export function taskView(task: StoredTask, store: TaskStore): TaskView {
  const { options: _options, pid_start: _pidStart, fan_out: _fanOut, ...record } = task;
  const results = task.children.length
    ? task.children
        .map((id) => store.get(id))
        .filter((child): child is StoredTask => Boolean(child))
        .map((child) => ({ task_id: child.id, agent: child.assigned_agents[0], status: child.status, result: child.result, error: child.error }))
    : undefined;
  return { ...record, events_url: `/tasks/${task.id}/events`, ...(results ? { results } : {}) };
}
