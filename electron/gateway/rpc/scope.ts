import type { TaskStore } from '../tasks/task-store.js';
import type { RpcCall } from './dispatcher.js';
import { rpcCodes, RpcError } from './rpc-error.js';

/** The agent a scoped caller acts as: its agent token's, or its task token's task's; undefined for the management token. */
export function callerAgent(call: RpcCall, tasks: TaskStore): string | undefined {
  if (call.identity.agentId) return call.identity.agentId;
  if (call.identity.taskId) return tasks.get(call.identity.taskId)?.assigned_agents[0];
  return undefined;
}

/** An agent or task token acts only for its own agent. */
export function assertSelf(call: RpcCall, tasks: TaskStore, agentId: string | undefined): void {
  if (!call.identity.agentId && !call.identity.taskId) return;
  const own = callerAgent(call, tasks);
  if (agentId === undefined || own !== agentId) throw new RpcError(rpcCodes.permissionDenied, `Permission denied: this token acts for agent '${own ?? 'none'}' only`);
}

/** A task token reaches its own task; an agent token the tasks of its agent. */
export function assertOwnTask(call: RpcCall, tasks: TaskStore, taskId: string): void {
  if (call.identity.taskId) {
    if (call.identity.taskId !== taskId) throw new RpcError(rpcCodes.permissionDenied, `Permission denied: this token is for task '${call.identity.taskId}' only`);
    return;
  }
  if (call.identity.agentId && !tasks.get(taskId)?.assigned_agents.includes(call.identity.agentId)) {
    throw new RpcError(rpcCodes.permissionDenied, `Permission denied: task '${taskId}' is not one of agent '${call.identity.agentId}'`);
  }
}

export const iso = (ms: number = Date.now()) => new Date(ms).toISOString();
