import { z } from 'zod';
import type { SearchMode, TaskMemoryChunk } from './memory.js';

export const taskStatuses = ['pending', 'assigned', 'running', 'completed', 'failed', 'cancelled', 'timeout', 'interrupted'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const terminalStatuses: readonly TaskStatus[] = ['completed', 'failed', 'cancelled', 'timeout', 'interrupted'];

/** POST /tasks: an agentmesh AgentMessage. */
export const agentMessageSchema = z.looseObject({
  type: z.string().default('task'),
  source: z.string().default('api'),
  target: z.string().min(1).default('gateway'),
  correlation_id: z.string().max(200).optional(),
  payload: z.looseObject({
    task: z.string().min(1, 'payload.task must not be empty').max(200_000),
    context: z.looseObject({ shared_space_id: z.string().min(1).optional() }).optional(),
    files: z.array(z.string()).optional(),
    options: z
      .looseObject({
        timeout: z.number().int().positive().max(24 * 3_600).optional(),
        stream: z.boolean().optional(),
        agents: z.array(z.string().min(1)).min(1).max(16).optional(),
        mode: z.enum(['parallel', 'sequential']).optional(),
        dependsOn: z.array(z.string().min(1)).max(64).optional(),
        cwd: z.string().min(1).optional(),
        isolation: z.enum(['none', 'worktree']).optional(),
        capabilities: z.array(z.string().min(1)).optional(),
        model: z.string().min(1).optional(),
        /** When the chosen agent's subscription window is nearly used up, send the task to another capable agent. */
        preferAvailable: z.boolean().optional(),
      })
      .optional(),
  }),
});
export type AgentMessage = z.infer<typeof agentMessageSchema>;

/** A normalized event parsed from an agent CLI's structured output, or added by the task manager. */
export type TaskEventBody =
  | { kind: 'status'; status: TaskStatus; message?: string }
  | { kind: 'message'; text: string; delta?: boolean }
  | { kind: 'reasoning'; text: string }
  | { kind: 'tool'; name: string; id?: string; status: 'started' | 'completed'; input?: unknown; output?: string; isError?: boolean }
  | { kind: 'command'; command: string; status: 'started' | 'completed'; exitCode?: number | null; output?: string }
  | { kind: 'file_change'; path: string; change: 'add' | 'modify' | 'delete' | 'unknown' }
  | { kind: 'usage'; inputTokens: number; outputTokens: number; cachedTokens?: number; costUsd?: number; model?: string }
  | { kind: 'result'; text: string; isError?: boolean; sessionId?: string }
  | { kind: 'error'; message: string }
  | { kind: 'quota_warning'; agent: string; message: string; usedPercent?: number; resetsAt?: string; reroutedTo?: string }
  | { kind: 'log'; stream: 'stdout' | 'stderr'; text: string }
  /** A remote agent's report of how far it got (percent 0-100 and/or a line of text). */
  | { kind: 'progress'; percent?: number; text?: string }
  /** The chunks of the space's memory placed in the task's prompt as it started (ids, scores, sources). */
  | { kind: 'memory'; mode: SearchMode; chunks: TaskMemoryChunk[]; message?: string };

export interface TaskEvent {
  taskId: string;
  seq: number;
  ts: string;
  body: TaskEventBody;
}

/**
 * Where a task's cost comes from: the gateway's usage ledger (its model calls went through
 * the gateway), the agent's own report (they did not), or, for a fan-out, children of both kinds.
 */
export type CostSource = 'gateway' | 'agent' | 'mixed';

/** How the CLI and the dashboard name a cost's source: "cost $0.0004 (from the gateway's usage ledger)". */
export const costSourceText: Record<CostSource, string> = {
  gateway: "from the gateway's usage ledger",
  agent: "as reported by the agent",
  mixed: "summed from its agents: the gateway's ledger and the agents' own reports",
};

export interface TaskUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
}

export interface TaskRecord {
  id: string;
  status: TaskStatus;
  prompt: string;
  target: string;
  assigned_agents: string[];
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  correlation_id: string | null;
  source: string;
  parent_id: string | null;
  depends_on: string[];
  space_id: string | null;
  cwd: string | null;
  isolation: 'none' | 'worktree';
  worktree: { path: string; branch: string; base: string; diffStat: string | null } | null;
  usage: TaskUsage;
  exit_code: number | null;
  /** The agent's process (group leader) while it runs; kept so a restart can stop leftovers. */
  pid: number | null;
  children: string[];
  /** Set at dispatch when the agent's subscription window was nearly used up (and what was done about it). */
  quota_warning?: string | null;
  /** The last percent a remote agent reported, or null. */
  progress?: number | null;
  /** Where `usage` comes from; null while nothing was used (or the task has not ended). */
  cost_source?: CostSource | null;
  /** Orchestration: the workflow the task belongs to (a message and everything dispatched for it). */
  workflow_id?: string | null;
  /** Orchestration: the agent that dispatched this task; with parent_id, the task it did so from. */
  source_agent?: string | null;
  /** The agent CLI's own session (Claude Code session_id, Codex thread_id), so a re-run can continue it. */
  agent_session_id?: string | null;
}
