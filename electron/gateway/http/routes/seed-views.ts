import type { TaskView } from '../../../../shared/contract/index.js';
import type { AgentInfo, AgentState } from '../../../../shared/schemas/agent.js';
import type { TaskEvent, TaskStatus } from '../../../../shared/schemas/task.js';
import type { SpaceInfo } from '../../tasks/space-store.js';

/*
 * The agentmesh 1.x REST face (specs/000, docs/api.md): the same records the UI contract
 * shows, with that document's field names and epoch-millisecond times. Every REST route of
 * tasks, spaces and agents answers through these functions, so one field has one shape.
 */

/** ISO 8601 -> epoch milliseconds (null stays null). */
export function epochMs(iso: string): number;
export function epochMs(iso: string | null): number | null;
export function epochMs(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}

/** Our agent states -> the 1.x `status` enum (which gained `disabled` here). */
const agentStatus: Record<AgentState, 'online' | 'offline' | 'busy' | 'disabled'> = {
  online: 'online',
  offline: 'offline',
  busy: 'busy',
  disabled: 'disabled',
};

/** Our agent kinds -> the 1.x `type` enum: its CLIs other than Claude Code and OpenClaw ran as `process` agents. */
const seedTypes: Record<string, 'claude-code' | 'openclaw' | 'process' | 'http'> = { 'claude-code': 'claude-code', openclaw: 'openclaw', http: 'http' };

/** An agent in the 1.x shape (`type`, `status`, `lastSeen`), plus our own fields (`adapter` says which CLI). */
export function seedAgent(agent: AgentInfo) {
  const status = agentStatus[agent.state];
  return {
    ...agent,
    type: seedTypes[agent.adapter] ?? 'process',
    status,
    // When the agent was last known to be there: now while it is up, else when it was last found.
    lastSeen: status === 'online' || status === 'busy' ? Date.now() : agent.lastSeenAt ? epochMs(agent.lastSeenAt) : null,
  };
}

/** `/health`'s short form of an agent. */
export const healthAgent = (agent: AgentInfo) => ({ id: agent.id, name: agent.name, status: agentStatus[agent.state] });

/** Why a task did not complete, as the 1.x `{code, message}` error. */
const failureCodes: Partial<Record<TaskStatus, string>> = {
  failed: 'EXECUTION_ERROR',
  timeout: 'TASK_TIMEOUT',
  cancelled: 'TASK_CANCELLED',
  interrupted: 'TASK_INTERRUPTED',
};

export function seedTaskError(status: TaskStatus, error: string | null): { code: string; message: string } | null {
  const code = failureCodes[status];
  if (!code && error === null) return null;
  return { code: code ?? 'EXECUTION_ERROR', message: error ?? status };
}

/** A task in the 1.x shape: epoch-ms times, `error` as `{code, message}`. */
export function seedTask(view: TaskView) {
  return {
    ...view,
    error: seedTaskError(view.status, view.error),
    created_at: epochMs(view.created_at),
    updated_at: epochMs(view.updated_at),
    started_at: epochMs(view.started_at),
    finished_at: epochMs(view.finished_at),
  };
}

export type SeedTask = ReturnType<typeof seedTask>;

/** A task's event with an epoch-ms `ts`, like every other time of the task routes. */
export const seedTaskEvent = (event: TaskEvent) => ({ task_id: event.taskId, ...event, ts: Date.parse(event.ts) });

export function seedSpace(space: SpaceInfo) {
  return { ...space, created_at: epochMs(space.created_at), updated_at: epochMs(space.updated_at) };
}
