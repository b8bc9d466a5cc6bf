import type { TaskStatus } from '../../../shared/schemas/task.js';
import { terminalStatuses } from '../../../shared/schemas/task.js';
import type { StoredTask, TaskStore } from './task-store.js';

/**
 * The status of a task sent to several agents, from its children: running once any runs,
 * completed when all completed, otherwise failed (or cancelled/interrupted) once all ended.
 * The result lists every agent's answer, so nothing one agent said is lost.
 */
export function settleParent(parent: StoredTask, children: StoredTask[]): { status: TaskStatus; result?: string | null; error?: string | null } | undefined {
  if (children.length === 0) return undefined;
  if (!children.every((child) => terminalStatuses.includes(child.status))) {
    const started = children.some((child) => child.status !== 'pending');
    return started && parent.status === 'pending' ? { status: 'running' } : undefined;
  }
  const result = children.map((child) => `## ${child.assigned_agents[0]} (${child.status})\n${child.result ?? child.error ?? ''}`).join('\n\n');
  const failed = children.filter((child) => child.status !== 'completed');
  if (failed.length === 0) return { status: 'completed', result };
  const status: TaskStatus = failed.every((child) => child.status === 'cancelled')
    ? 'cancelled'
    : failed.every((child) => child.status === 'interrupted')
      ? 'interrupted'
      : 'failed';
  return { status, result, error: failed.map((child) => `${child.assigned_agents[0]}: ${child.status}${child.error ? ` (${child.error})` : ''}`).join('; ') };
}

/** What keeps a queued task from starting: 'wait' for a dependency still going, a reason to fail it, or nothing. */
export function dependencyState(store: Pick<TaskStore, 'get'>, dependsOn: string[]): string | 'wait' | undefined {
  for (const dependency of dependsOn) {
    const other = store.get(dependency);
    if (!other) return `dependency ${dependency} no longer exists`;
    if (!terminalStatuses.includes(other.status)) return 'wait';
    if (other.status !== 'completed') return `dependency ${dependency} ended as ${other.status}`;
  }
  return undefined;
}
