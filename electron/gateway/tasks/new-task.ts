import { randomUUID } from 'node:crypto';
import type { AgentMessage } from '../../../shared/schemas/task.js';
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
  spaceId: string | null;
  cwd: string | null;
  dependsOn: string[];
  target: string;
  agents: string[];
  /** The fan-out parent, for a child sent the same task as its siblings. */
  parentId: string | null;
  link?: TaskLink;
}

/** A pending task record as first stored. */
export function newTask(input: NewTaskInput): StoredTask {
  const now = new Date().toISOString();
  const { message, link } = input;
  return {
    id: `task_${randomUUID()}`,
    status: 'pending',
    prompt: message.payload.task,
    target: input.target,
    assigned_agents: input.agents,
    result: null,
    error: null,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
    correlation_id: message.correlation_id ?? null,
    source: message.source,
    parent_id: input.parentId ?? link?.parentId ?? null,
    depends_on: input.dependsOn,
    space_id: input.spaceId,
    cwd: input.cwd,
    isolation: message.payload.options?.isolation ?? 'none',
    worktree: null,
    options: message.payload.options ?? {},
    exit_code: null,
    pid: null,
    pid_start: null,
    usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 },
    children: [],
    fan_out: false,
    workflow_id: link?.workflowId ?? null,
    source_agent: link?.sourceAgent ?? null,
    agent_session_id: null,
  };
}
