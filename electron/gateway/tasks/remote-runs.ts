import type { TaskEventBody } from '../../../shared/schemas/task.js';
import type { RunResult } from './task-run.js';
import type { PromptChunk } from './space-store.js';
import type { StoredTask } from './task-store.js';

/** What a remote run may do to its task while it lasts. */
export interface RemoteRunIo {
  emit(taskId: string, body: TaskEventBody): void;
  update(taskId: string, change: Partial<StoredTask>): StoredTask;
  /** The space memory chunks found for this task as it started. */
  memory?: PromptChunk[];
}

/**
 * Runs a task on an agent of kind `remote` (connected over the hub) instead of spawning a
 * process: the task manager hands the task over and gets the same outcome a process run
 * gives. Aborting the signal cancels it; the promise never rejects.
 */
export interface RemoteTaskRuns {
  run(task: StoredTask, agentId: string, signal: AbortSignal, io: RemoteRunIo): Promise<RunResult>;
}
