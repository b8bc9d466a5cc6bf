import { randomUUID } from 'node:crypto';
import type { DispatchBody, DispatchResult, MessageBody, MessageResult } from '../../../shared/schemas/orchestration.js';
import type { StoredTask } from '../tasks/task-store.js';
import { HttpError } from '../http/http-error.js';
import { orchestratorAliases, orchestratorId, resolveAlias } from './orchestrator-id.js';
import { now, requireAgent, requireOrchestrator, taskMessage, workText, type Caller, type OrchestrationDeps } from './orchestration-deps.js';
import { waitForTaskEnd } from './wait-for-task.js';

const newWorkflowId = () => `wf_${randomUUID()}`;

/** POST /api/v1/agents/dispatch and the agent.dispatch tool: a task for another agent, tied to the caller's task. */
export async function dispatch(deps: OrchestrationDeps, body: DispatchBody, caller: Caller, signal?: AbortSignal): Promise<DispatchResult> {
  const parent = caller.taskId ? deps.tasks.require(caller.taskId) : undefined;
  const parentAgent = parent?.assigned_agents[0];
  const orchestrator = orchestratorId(deps.config(), deps.agents);
  const source = body.sourceAgentId ? resolveAlias(body.sourceAgentId, orchestrator) : (parentAgent ?? orchestrator ?? 'api');
  const target = requireAgent(deps, body.targetAgentId);
  // A blocking dispatch to its own agent from its own task could wait for a slot it holds.
  if (parent && target === parentAgent) throw new HttpError(409, 'DISPATCH_LOOP', `Task ${parent.id} runs on '${target}': dispatch to another agent`);
  const sessionId = body.sessionId ?? parent?.space_id ?? null;
  const workflowId = body.workflowId ?? parent?.workflow_id ?? newWorkflowId();
  const message = taskMessage(deps, {
    source: caller.via,
    target,
    text: workText(body.task),
    sessionId,
    options: body.metadata ? { metadata: body.metadata } : {},
  });
  const submitted = await deps.tasks.submit(message, { parentId: parent?.id, workflowId, sourceAgent: source });
  const blocking = body.blocking ?? false;
  const announce = (task: StoredTask) =>
    deps.bus.emit('agent_runtime_dispatch', {
      dispatchId: task.id,
      taskId: task.id,
      sourceAgentId: source,
      targetAgentId: target,
      parentTaskId: parent?.id ?? null,
      sessionId,
      workflowId,
      status: task.status,
      blocking,
      timestamp: now(),
    });
  const created = deps.tasks.require(submitted.task_id);
  announce(created);
  void waitForTaskEnd(deps.bus, deps.taskStore, created.id).then(announce, () => undefined);
  const task = blocking ? await waitForTaskEnd(deps.bus, deps.taskStore, created.id, signal) : created;
  return {
    dispatchId: task.id,
    taskId: task.id,
    status: task.status,
    sourceAgentId: source,
    targetAgentId: target,
    parentTaskId: parent?.id ?? null,
    sessionId,
    workflowId,
    blocking,
    ...(blocking ? { result: task.result, error: task.error } : {}),
  };
}

/** What lets a message skip the orchestrator: the spec's test route mode, a test gateway, or the CLI. */
export interface RouteMode {
  /** `x-finger-route-mode` or `x-agentmesh-route-mode` is `test`. */
  testHeader: boolean;
  /** The gateway runs with NODE_ENV=test. */
  testEnv: boolean;
}

/**
 * POST /api/v1/message: the business entry. It goes to the orchestrator; another target is
 * refused (403 DIRECT_ROUTE_DISABLED) unless the route mode allows it or the CLI sent it.
 */
export async function sendMessage(deps: OrchestrationDeps, body: MessageBody, mode: RouteMode, caller: Caller, signal?: AbortSignal): Promise<MessageResult> {
  const orchestrator = requireOrchestrator(deps);
  const direct = body.target !== undefined && body.target !== orchestrator && !orchestratorAliases.includes(body.target);
  if (direct && !(mode.testHeader || mode.testEnv || body.sender === 'cli')) {
    throw new HttpError(403, 'DIRECT_ROUTE_DISABLED', `Messages go to the orchestrator '${orchestrator}'; '${body.target}' may only be addressed directly in test route mode (x-finger-route-mode: test) or from the CLI`);
  }
  const target = direct ? requireAgent(deps, body.target as string) : orchestrator;
  const workflowId = newWorkflowId();
  const sessionId = body.sessionId ?? null;
  const message = taskMessage(deps, { source: body.sender ?? caller.via, target, text: workText(body.message), sessionId });
  const submitted = await deps.tasks.submit(message, { workflowId });
  const task = body.blocking ? await waitForTaskEnd(deps.bus, deps.taskStore, submitted.task_id, signal) : deps.tasks.require(submitted.task_id);
  return {
    taskId: task.id,
    target,
    status: task.status,
    sessionId,
    workflowId,
    ...(body.blocking ? { result: task.result, error: task.error } : {}),
  };
}
