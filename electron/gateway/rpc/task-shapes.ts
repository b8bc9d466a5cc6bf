import type { RpcTask, RpcTaskStatus, TaskResult } from '../../../shared/schemas/rpc.js';
import type { AgentMessage } from '../../../shared/schemas/task.js';
import { tokenUsage } from '../metrics/token-usage.js';
import type { StoredTask } from '../tasks/task-store.js';

/** Our task states in the spec's TaskStatus: `interrupted` (the gateway stopped mid-task) reads `failed`. */
export const rpcStatusOf = (task: StoredTask): RpcTaskStatus => (task.status === 'interrupted' ? 'failed' : task.status);

/** The AgentMessage options that carry the spec's Task fields through the one task manager. */
export function taskOptions(task: RpcTask, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const metadata = task.metadata;
  const text = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined);
  return {
    timeout: task.timeout,
    priority: task.priority,
    chainMode: task.chain_mode,
    metadata,
    ...(task.context ? { context: task.context } : {}),
    ...(task.system_prompt ? { systemPrompt: task.system_prompt } : {}),
    ...(task.temperature !== null && task.temperature !== undefined ? { temperature: task.temperature } : {}),
    ...(task.max_tokens ? { maxTokens: task.max_tokens } : {}),
    ...(text('task_type') ? { taskType: text('task_type') } : {}),
    ...(text('model') ? { model: text('model') } : {}),
    ...(text('cwd') ? { cwd: text('cwd') } : {}),
    ...(Array.isArray(metadata.capabilities) ? { capabilities: metadata.capabilities } : {}),
    ...extra,
  };
}

export const agentMessage = (task: RpcTask, target: string, options: Record<string, unknown>): AgentMessage =>
  ({ type: 'task', source: 'rpc', target, payload: { task: task.prompt, options } }) as AgentMessage;

/** The spec's Task, rebuilt from a stored task (defaults for one submitted on another face). */
export function rpcTaskOf(task: StoredTask): RpcTask {
  const options = task.options;
  return {
    id: task.id,
    prompt: task.prompt,
    system_prompt: (options.systemPrompt as string | undefined) ?? null,
    max_tokens: (options.maxTokens as number | undefined) ?? null,
    temperature: (options.temperature as number | undefined) ?? null,
    timeout: (options.timeout as number | undefined) ?? 3_600,
    priority: (options.priority as number | undefined) ?? 5,
    metadata: (options.metadata as Record<string, unknown> | undefined) ?? {},
    created_at: task.created_at,
    chain_mode: options.chainMode === true,
    context: (options.context as string | undefined) ?? null,
  };
}

/** The spec's TaskResult of one task. */
export function taskResultOf(task: StoredTask, model: string | null, includeMetadata: boolean): TaskResult {
  const started = task.started_at ? Date.parse(task.started_at) : undefined;
  const finished = task.finished_at ? Date.parse(task.finished_at) : undefined;
  return {
    task_id: task.id,
    success: task.status === 'completed',
    result: task.result,
    error: task.error,
    tokens_used: tokenUsage(task.usage, model),
    execution_time_ms: started !== undefined && finished !== undefined ? Math.max(0, finished - started) : 0,
    completed_at: task.finished_at ?? task.updated_at,
    metadata: includeMetadata
      ? {
          agent_id: task.assigned_agents.length === 1 ? task.assigned_agents[0] : null,
          agent_ids: task.assigned_agents,
          status: rpcStatusOf(task),
          ...(task.status === 'interrupted' ? { interrupted: true } : {}),
          ...(task.parent_id ? { parent_task_id: task.parent_id } : {}),
          ...(task.worktree ? { worktree: task.worktree } : {}),
          ...((task.options.metadata as Record<string, unknown> | undefined) ?? {}),
        }
      : {},
  };
}
