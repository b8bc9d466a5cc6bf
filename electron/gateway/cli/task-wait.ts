import type { TaskEvent, TaskRecord, TaskStatus } from '../../../shared/schemas/task.js';
import type { ApiClient } from './api-client.js';
import { formatChildResults, formatEvent, formatTaskCost, outcomeLine, type ChildResult, type TaskOutcome } from './format.js';
import { print } from './output.js';
import { Spinner } from './spinner.js';

/** A task as GET /tasks/:id answers (agentmesh 1.x's shape). */
export type TaskView = Omit<TaskRecord, keyof TaskOutcome | 'updated_at'> & TaskOutcome & { results?: ChildResult[] };

/** 0 when the task completed; 130 (as for Ctrl-C) when it was cancelled on request; 1 otherwise. */
export const exitCodeOf = (status: TaskStatus | string) => (status === 'completed' ? 0 : status === 'cancelled' ? 130 : 1);

/** Ctrl-C stops the waiting, not the task: say how to stop that too. */
function onInterrupt(taskId: string, cleanup: () => void): () => void {
  const handler = () => {
    cleanup();
    process.stderr.write(`\nstopped waiting; task ${taskId} keeps running (agentmesh cancel ${taskId} stops it)\n`);
    process.exit(130);
  };
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

const activity: Partial<Record<TaskEvent['body']['kind'], string>> = {
  message: 'writing',
  reasoning: 'thinking',
  command: 'running a command',
  tool: 'using a tool',
  file_change: 'editing files',
};

/** Waits for the task to end with a spinner on a terminal, then prints its outcome and result. */
export async function waitAndPrint(api: ApiClient, taskId: string, json: boolean | undefined): Promise<void> {
  const spinner = json ? undefined : new Spinner();
  const release = onInterrupt(taskId, () => spinner?.stop());
  let status = 'waiting';
  try {
    await api.follow(taskId, (event) => {
      if (event.body.kind === 'status') status = event.body.status === 'pending' ? 'queued' : event.body.status;
      spinner?.set(status === 'running' && activity[event.body.kind] ? `running: ${activity[event.body.kind]}` : status);
    });
  } finally {
    spinner?.stop();
    release();
  }
  const task = await api.call<TaskView>('GET', `/tasks/${encodeURIComponent(taskId)}`);
  if (json) print(JSON.stringify(task, null, 2));
  else printOutcome(task);
  process.exitCode = exitCodeOf(task.status);
}

function printOutcome(task: TaskView): void {
  print(outcomeLine(task));
  if (task.results?.length) print(formatChildResults(task.results));
  // What a cancelled agent had said so far is not its answer.
  else if (task.result?.trim() && task.status !== 'cancelled') print(task.result.trimEnd());
  if (task.worktree) print(`worktree ${task.worktree.path} (branch ${task.worktree.branch})${task.worktree.diffStat ? `\n${task.worktree.diffStat}` : ''}`);
  if (task.cost_source) print(formatTaskCost(task));
}

/**
 * Streams the task's events until it ends. A task sent to several agents is followed through
 * its children, each line marked with the agent, and ends with every agent's result.
 */
export async function followAndPrint(api: ApiClient, taskId: string, json: boolean | undefined): Promise<void> {
  const release = onInterrupt(taskId, () => undefined);
  const show = (prefix: string) => {
    const write = (event: TaskEvent) => {
      const line = formatEvent(event);
      if (line !== undefined) print(prefix ? line.split('\n').map((part) => `${prefix}${part}`).join('\n') : line);
    };
    // An agent stopped on request reports an error result just before the status says "cancelled":
    // held back one event, it is dropped then, since a cancel someone asked for is no error.
    let held: TaskEvent | undefined;
    return (event: TaskEvent) => {
      if (json) return print(JSON.stringify(event));
      const cancelled = event.body.kind === 'status' && event.body.status === 'cancelled';
      if (held && !cancelled) write(held);
      held = undefined;
      if (event.body.kind === 'result' && event.body.isError) held = event;
      else write(event);
    };
  };
  try {
    const parent = await api.call<TaskView>('GET', `/tasks/${encodeURIComponent(taskId)}`);
    const children = await Promise.all(parent.children.map((id) => api.call<TaskView>('GET', `/tasks/${encodeURIComponent(id)}`)));
    await Promise.all([api.follow(taskId, show('')), ...children.map((child) => api.follow(child.id, show(`[${child.assigned_agents[0] ?? child.id}] `)))]);
  } finally {
    release();
  }
  const task = await api.call<TaskView>('GET', `/tasks/${encodeURIComponent(taskId)}`);
  if (json) print(JSON.stringify(task));
  else if (task.results?.length) print(`${outcomeLine(task)}\n${formatChildResults(task.results)}`);
  if (!json && task.worktree) print(`worktree ${task.worktree.path} (branch ${task.worktree.branch})${task.worktree.diffStat ? `\n${task.worktree.diffStat}` : ''}`);
  if (!json && task.cost_source) print(formatTaskCost(task));
  process.exitCode = exitCodeOf(task.status);
}
