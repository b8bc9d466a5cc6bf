import type { ControlBody, ControlOutcome, ControlResult } from '../../../shared/schemas/orchestration.js';
import { terminalStatuses, type TaskStatus } from '../../../shared/schemas/task.js';
import { HttpError } from '../http/http-error.js';
import { rerunOf } from '../tasks/rerun.js';
import type { StoredTask } from '../tasks/task-store.js';
import { catalogState } from './catalog.js';
import { now, requireAgent, type Caller, type OrchestrationDeps } from './orchestration-deps.js';
import { runtimeTask } from './runtime-tasks.js';
import { waitForTaskEnd } from './wait-for-task.js';

const isTerminal = (task: StoredTask) => terminalStatuses.includes(task.status);
const scopeLimit = 500;
/** SIGINT or SIGTERM, then SIGTERM or SIGKILL after 3 s each, and then some. */
const stopWaitMs = 10_000;

/**
 * The tasks an action reaches: those of the agent, session and workflow named (all that are
 * named), newest first; with `statuses`, every one in those states, however old.
 */
function scopeTasks(deps: OrchestrationDeps, body: ControlBody, agentId: string | undefined, statuses?: TaskStatus[]): StoredTask[] {
  if (!agentId && !body.sessionId && !body.workflowId) return [];
  if (!statuses) return deps.taskStore.list({ agent: agentId, spaceId: body.sessionId, workflowId: body.workflowId, limit: scopeLimit, offset: 0 }).tasks;
  const inScope = (task: StoredTask) =>
    (!agentId || task.assigned_agents.includes(agentId)) && (!body.sessionId || task.space_id === body.sessionId) && (!body.workflowId || task.workflow_id === body.workflowId);
  return deps.taskStore.withStatus(...statuses).filter(inScope).reverse();
}

/** Only the topmost of a set: stopping a parent stops its children. */
function roots(tasks: StoredTask[]): StoredTask[] {
  const ids = new Set(tasks.map((task) => task.id));
  return tasks.filter((task) => !task.parent_id || !ids.has(task.parent_id)).reverse();
}

function requireProvider(deps: OrchestrationDeps, id: string): string {
  if (!deps.config().providers.some((provider) => provider.id === id)) throw new HttpError(404, 'PROVIDER_NOT_FOUND', `No provider '${id}'`);
  return id;
}

/**
 * POST /api/v1/agents/control and the agent.control tool: status of an agent, session or
 * workflow; pause/resume of an agent's queue or a provider; interrupt and cancel (hard: SIGKILL).
 */
export async function control(deps: OrchestrationDeps, body: ControlBody, caller: Caller): Promise<ControlResult> {
  const agentId = body.targetAgentId ? requireAgent(deps, body.targetAgentId) : undefined;
  const providerId = body.providerId ? requireProvider(deps, body.providerId) : undefined;
  let message: string;
  let reached: StoredTask[] = [];
  switch (body.action) {
    case 'status':
      message = 'status';
      reached = scopeTasks(deps, body, agentId);
      break;
    case 'pause':
      if (agentId) deps.tasks.pauseAgent(agentId);
      if (providerId) deps.providers.pause(providerId);
      message = [agentId && `agent '${agentId}' paused: running work finishes, its queue holds`, providerId && `provider '${providerId}' paused: routing skips it`].filter(Boolean).join('; ');
      break;
    case 'resume': {
      if (agentId) deps.tasks.resumeAgent(agentId);
      if (providerId) deps.providers.resume(providerId);
      // A session or workflow resumes by running its interrupted work again, CLI sessions continued.
      const scoped = body.sessionId || body.workflowId;
      const taken = new Set(scoped ? scopeTasks(deps, body, agentId).map((task) => task.options.resumedFrom) : []);
      const interrupted = scoped ? roots(scopeTasks(deps, body, agentId, ['interrupted']).filter((task) => !taken.has(task.id))) : [];
      for (const task of interrupted) {
        const { message: again, link } = rerunOf(task, caller.via);
        const parent = task.parent_id ? deps.taskStore.get(task.parent_id) : undefined;
        const submitted = await deps.tasks.submit(again, { ...link, ...(parent && !isTerminal(parent) ? { parentId: parent.id } : {}) });
        reached.push(deps.tasks.require(submitted.task_id));
      }
      message = [agentId && `agent '${agentId}' resumed`, providerId && `provider '${providerId}' resumed`, interrupted.length && `${interrupted.length} interrupted task(s) run again`].filter(Boolean).join('; ') || 'nothing to resume';
      break;
    }
    case 'interrupt':
    case 'cancel': {
      const stop = { mode: body.action, hard: body.hard === true } as const;
      const live = roots(scopeTasks(deps, body, agentId, ['pending', 'assigned', 'running']));
      for (const task of live) if (!isTerminal(deps.tasks.require(task.id))) deps.tasks.cancel(task.id, { stop });
      // Answer with how they ended: a stop takes at most its grace periods (at once when hard).
      const bound = AbortSignal.timeout(stopWaitMs);
      reached = await Promise.all(live.map((task) => waitForTaskEnd(deps.bus, deps.taskStore, task.id, bound)));
      const ended = body.action === 'cancel' ? endDeployments(deps, agentId, body.sessionId) : [];
      message = `${body.action === 'cancel' ? 'cancelled' : 'interrupted'} ${live.length} task(s)${body.hard ? ' (killed at once)' : ''}${ended.length ? `; ended ${ended.length} deployment(s)` : ''}`;
      break;
    }
  }
  const outcome: ControlOutcome = {
    action: body.action,
    ok: true,
    message,
    targetAgentId: agentId ?? null,
    sessionId: body.sessionId ?? null,
    workflowId: body.workflowId ?? null,
    providerId: providerId ?? null,
  };
  const result: ControlResult = { ...outcome, tasks: reached.map(runtimeTask) };
  if (body.action === 'status') {
    const infos = agentId ? [deps.agents.get(agentId)] : body.sessionId || body.workflowId || providerId ? [] : deps.agents.list();
    result.agents = infos.map((info) => {
      const paused = deps.tasks.isPaused(info.id);
      return { id: info.id, state: catalogState(info, paused), running: info.running, queued: info.queued, max: info.maxConcurrent, paused };
    });
    const health = deps.providers.health().filter((provider) => (providerId ? provider.id === providerId : !agentId && !body.sessionId && !body.workflowId));
    result.providers = health.map((provider) => ({ id: provider.id, available: provider.available, paused: deps.providers.isPaused(provider.id), reason: provider.reason ?? null }));
  }
  if (body.action !== 'status') {
    deps.bus.emit('agent_runtime_control', {
      ...outcome,
      hard: body.hard === true,
      taskIds: reached.map((task) => task.id),
      timestamp: now(),
    });
  }
  return result;
}

/** `cancel` on an agent ends the instances deployed for it; on a session, the session's. */
function endDeployments(deps: OrchestrationDeps, agentId: string | undefined, sessionId: string | undefined) {
  const ended = deps.deployments.remove((deployment) => (agentId !== undefined && deployment.agentId === agentId) || (sessionId !== undefined && deployment.scope === 'session' && deployment.sessionId === sessionId));
  if (ended.length) {
    for (const deployment of ended) deps.bus.emit('agent.changed', { id: deployment.agentId });
    deps.bus.emit('agent_runtime_catalog', { reason: 'undeploy', agentIds: [...new Set(ended.map((deployment) => deployment.agentId))], timestamp: now() });
  }
  return ended;
}
