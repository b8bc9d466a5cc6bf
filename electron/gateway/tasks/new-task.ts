import { randomUUID } from 'node:crypto';
import type { AgentMessage, TaskStatus } from '../../../shared/schemas/task.js';
import { terminalStatuses } from '../../../shared/schemas/task.js';
import type { RunResult } from './task-run.js';
import type { StoredTask } from './task-store.js';

/** How a task hangs together with others: a dispatch from another agent's task, a workflow. */
export interface TaskLink {
  /** The task that dispatched this one (it keeps running; its children do not settle it). */
  parentId?: string;
  workflowId?: string;
  /** The agent that dispatched it; set for every dispatch, with or without a parent task. */
  sourceAgent?: string;
}

export interface NewTaskInput {
  message: AgentMessage;
  /** A caller's own id (the JSON-RPC Task.id); else `task_<uuid>`. */
  id?: string;
  spaceId: string | null;
  cwd: string | null;
  dependsOn: string[];
  /** In a chain: the task whose result this one gets as context. */
  chainFrom?: string;
  target: string;
  agents: string[];
  /** The fan-out parent, for a child sent the same task as its siblings. */
  parentId: string | null;
  link?: TaskLink;
  /** Why task rules or capability routing chose its agents (said in its first event). */
  routed?: string;
}

/** The id of one agent's part of a fan-out whose caller named the task (agent ids never hold `@`). */
export const childTaskId = (parentId: string, agentId: string) => `${parentId}@${agentId}`;

/** 1 (low) to 10 (high), 5 unless the submitter said otherwise. */
export function priorityOf(options: Record<string, unknown>): number {
  const priority = options.priority;
  return typeof priority === 'number' && priority >= 1 && priority <= 10 ? priority : 5;
}

/** A task record as it is stored when submitted: pending, with no outcome yet. */
export function newTask(input: NewTaskInput): StoredTask {
  const now = new Date().toISOString();
  const options = { ...(input.message.payload.options ?? {}), ...(input.chainFrom ? { chainFrom: input.chainFrom } : {}) };
  return {
    id: input.id ?? `task_${randomUUID()}`,
    status: 'pending',
    prompt: input.message.payload.task,
    target: input.target,
    assigned_agents: input.agents,
    result: null,
    error: null,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
    correlation_id: input.message.correlation_id ?? null,
    source: input.message.source,
    parent_id: input.parentId ?? input.link?.parentId ?? null,
    depends_on: input.dependsOn,
    space_id: input.spaceId,
    cwd: input.cwd,
    isolation: options.isolation ?? 'none',
    worktree: null,
    options,
    exit_code: null,
    pid: null,
    pid_start: null,
    usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 },
    children: [],
    fan_out: false,
    workflow_id: input.link?.workflowId ?? null,
    source_agent: input.link?.sourceAgent ?? null,
    agent_session_id: null,
  };
}

/**
 * What the agent is given: the task's context and, in a chain, the previous agent's result,
 * before the prompt. Without either it is the prompt as submitted.
 */
export function composePrompt(task: StoredTask, previous: StoredTask | undefined): string {
  const context = typeof task.options.context === 'string' && task.options.context.trim() ? task.options.context : undefined;
  const parts: string[] = [];
  if (context) parts.push(`Context:\n${context}`);
  if (previous) parts.push(`Result of the previous agent (${previous.assigned_agents[0] ?? 'unknown'}):\n${previous.result ?? ''}`);
  if (parts.length === 0) return task.prompt;
  return `${parts.join('\n\n')}\n\nTask:\n${task.prompt}`;
}

/** A run that never started (a lock it could not get, say). */
export const notStarted = (status: TaskStatus, error: string): RunResult => ({
  status,
  result: null,
  error,
  exitCode: null,
  usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 },
  fileChanges: [],
});

/** Why a queued task cannot run: `wait` while a dependency runs, a reason once one failed, undefined when all completed. */
export function dependencyState(dependsOn: string[], get: (id: string) => StoredTask | undefined): string | 'wait' | undefined {
  for (const dependency of dependsOn) {
    const other = get(dependency);
    if (!other) return `dependency ${dependency} no longer exists`;
    if (!terminalStatuses.includes(other.status)) return 'wait';
    if (other.status !== 'completed') return `dependency ${dependency} ended as ${other.status}`;
  }
  return undefined;
}
