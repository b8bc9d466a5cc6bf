import { agentMessageSchema, type AgentMessage } from '../../../shared/schemas/task.js';
import type { TaskLink } from './new-task.js';
import type { StoredTask } from './task-store.js';

/**
 * The submission that runs a task again: same prompt, agent, space and options. An interrupted
 * task whose CLI left a session is continued in that session rather than started afresh.
 */
export function rerunOf(task: StoredTask, source: string): { message: AgentMessage; link: TaskLink } {
  const target = task.parent_id && !task.source_agent ? (task.assigned_agents[0] ?? task.target) : task.target;
  const { resumeSessionId: _previous, resumedFrom: _earlier, ...options } = task.options;
  const resume = task.status === 'interrupted' && task.agent_session_id ? { resumeSessionId: task.agent_session_id } : {};
  const message = agentMessageSchema.parse({
    type: 'task',
    source,
    target,
    correlation_id: task.correlation_id ?? undefined,
    // resumedFrom: what this run takes over from, so resuming a workflow twice runs nothing twice.
    payload: { task: task.prompt, ...(task.space_id ? { context: { shared_space_id: task.space_id } } : {}), options: { ...options, ...resume, resumedFrom: task.id } },
  });
  return { message, link: { workflowId: task.workflow_id ?? undefined, sourceAgent: task.source_agent ?? undefined } };
}
