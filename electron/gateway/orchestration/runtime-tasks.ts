import type { RuntimeTask, TaskTreeNode } from '../../../shared/schemas/orchestration.js';
import type { StoredTask, TaskStore } from '../tasks/task-store.js';

/** A task in the orchestration interface's shape (camelCase, ISO 8601 times). */
export function runtimeTask(task: StoredTask): RuntimeTask {
  return {
    taskId: task.id,
    agentId: task.assigned_agents.length === 1 ? (task.assigned_agents[0] as string) : null,
    status: task.status,
    parentTaskId: task.parent_id,
    sourceAgentId: task.source_agent ?? null,
    sessionId: task.space_id,
    workflowId: task.workflow_id ?? null,
    prompt: task.prompt,
    result: task.result,
    error: task.error,
    createdAt: task.created_at,
    finishedAt: task.finished_at,
    costUsd: task.usage.costUsd,
  };
}

/** Deep enough for any orchestration a person would follow; a cycle cannot occur, a runaway can. */
const maxDepth = 8;
const maxNodes = 500;

/** The task and everything dispatched from it (fan-out children included), each subtree's cost summed. */
export function taskTree(store: Pick<TaskStore, 'get'>, rootId: string): TaskTreeNode | undefined {
  let nodes = 0;
  const build = (id: string, depth: number): TaskTreeNode | undefined => {
    const task = store.get(id);
    if (!task || nodes >= maxNodes) return undefined;
    nodes++;
    const children = depth < maxDepth ? task.children.map((child) => build(child, depth + 1)).filter((child): child is TaskTreeNode => Boolean(child)) : [];
    const { inputTokens, outputTokens, costUsd } = task.usage;
    return {
      ...runtimeTask(task),
      usage: { inputTokens, outputTokens, costUsd },
      totalCostUsd: children.reduce((sum, child) => sum + child.totalCostUsd, costUsd),
      children,
    };
  };
  return build(rootId, 0);
}
