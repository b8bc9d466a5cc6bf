import type { TaskView } from '../../../shared/contract/index.js';
import type { StoredTask, TaskStore } from './task-store.js';
import { sumChildren } from './task-usage.js';

/**
 * A task as the API and the UI show it: the record without internals, with links and each
 * child's result. A fan-out parent's usage is the sum of its children's, so far; a task that
 * dispatched others (orchestration) keeps its own usage and lists theirs.
 */
export function taskView(task: StoredTask, store: TaskStore): TaskView {
  const { options: _options, pid_start: _pidStart, fan_out: _fanOut, ...record } = task;
  if (!task.children.length) return { ...record, cost_source: task.cost_source ?? null, events_url: `/tasks/${task.id}/events` };
  const children = task.children.map((id) => store.get(id)).filter((child): child is StoredTask => Boolean(child));
  const results = children.map((child) => ({
    task_id: child.id,
    agent: child.assigned_agents[0],
    status: child.status,
    result: child.result,
    error: child.error,
    usage: child.usage,
    cost_source: child.cost_source ?? null,
  }));
  if (!task.fan_out) return { ...record, cost_source: task.cost_source ?? null, events_url: `/tasks/${task.id}/events`, results };
  const { usage, source } = sumChildren(children);
  return { ...record, usage, cost_source: source, events_url: `/tasks/${task.id}/events`, results };
}
