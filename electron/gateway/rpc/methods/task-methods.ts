import { rpcParams } from '../../../../shared/schemas/rpc.js';
import { terminalStatuses } from '../../../../shared/schemas/task.js';
import { dependencyState } from '../../tasks/new-task.js';
import { whenAllEnded } from '../../tasks/task-announce.js';
import type { StoredTask } from '../../tasks/task-store.js';
import { rpcMethod, type RpcCall } from '../dispatcher.js';
import { rpcCodes, RpcError } from '../rpc-error.js';
import type { RpcServices } from '../rpc-services.js';
import { iso } from '../scope.js';
import { agentMessage, rpcStatusOf, rpcTaskOf, taskOptions, taskResultOf } from '../task-shapes.js';

const ended = (task: StoredTask) => terminalStatuses.includes(task.status);

export function taskMethods(s: RpcServices) {
  const require = (id: string) => {
    const task = s.taskStore.get(id);
    if (!task) throw new RpcError(rpcCodes.taskNotFound, `No task '${id}'`);
    return task;
  };
  const modelOf = (taskId: string) => {
    const rows = s.tokens.rowsOf(taskId);
    const last = rows.at(-1);
    return last?.upstreamModel ?? last?.requestedModel ?? null;
  };
  const result = (task: StoredTask, metadata = true) => taskResultOf(task, modelOf(task.id), metadata);
  /** Waits until the tasks ended (or the caller left); their timeouts bound it. */
  const settle = async (ids: string[], call: RpcCall, limitMs: number) => {
    const open = ids.filter((id) => !ended(require(id)));
    if (open.length === 0 || call.signal.aborted) return;
    const left = new Promise<void>((resolve) => call.signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([whenAllEnded(s.bus, open, limitMs), left]);
  };
  // Paused from the tray: no new task on any face until the user resumes.
  const refusePaused = () => {
    if (s.paused()) throw new RpcError(rpcCodes.agentNotResponding, 'The gateway is paused; resume it from the AgentMesh tray menu', { reason: 'GATEWAY_PAUSED' });
  };
  const usable = (agentId: string) => {
    const agent = s.agents.get(agentId);
    if (!agent.enabled) throw new RpcError(rpcCodes.agentNotResponding, `Agent '${agentId}' is stopped; start it with agent.restart`);
    return agent;
  };

  return {
    'task.execute': rpcMethod({
      params: rpcParams['task.execute'],
      async handler(params, call) {
        refusePaused();
        const ids = [...new Set(params.agent_ids)];
        ids.forEach(usable);
        const single = ids.length === 1;
        const options = taskOptions(params.task, single ? {} : { agents: ids, mode: params.mode });
        const submitted = await s.tasks.submit(agentMessage(params.task, single ? ids[0]! : 'gateway', options), { id: params.task.id });
        const leaves = submitted.children ?? [submitted.task_id];
        const rounds = params.mode === 'sequential' ? leaves.length : 1;
        await settle(leaves, call, (params.task.timeout * rounds + 60) * 1_000);
        return leaves.map((id) => result(require(id)));
      },
    }),

    'task.assign': rpcMethod({
      params: rpcParams['task.assign'],
      async handler(params) {
        refusePaused();
        const { task } = params;
        for (const dependency of params.dependencies) {
          const blocker = dependencyState([dependency], (id) => s.taskStore.get(id));
          if (blocker && blocker !== 'wait') throw new RpcError(rpcCodes.dependenciesNotMet, `Task dependencies not met: ${blocker}`, { dependency });
        }
        const target = typeof task.metadata.agent_id === 'string' ? task.metadata.agent_id : 'gateway';
        if (target !== 'gateway') usable(target);
        const coordination = params.coordination_mode === 'strict' ? { coordination: 'strict' } : params.coordination_mode === 'isolated' ? { isolation: 'worktree' } : {};
        const options = taskOptions(task, { ...coordination, ...(params.dependencies.length ? { dependsOn: params.dependencies } : {}) });
        if (params.coordination_mode === 'isolated' && !options.cwd && !(target !== 'gateway' && s.agents.configOf(target)?.cwd)) {
          throw new RpcError(rpcCodes.invalidParams, 'Invalid params: coordination_mode isolated runs the task in a git worktree of its directory: give task.metadata.cwd (or an agent with a cwd)');
        }
        const submitted = await s.tasks.submit(agentMessage(task, target, options), { id: task.id });
        const stored = require(submitted.task_id);
        const agentId = stored.assigned_agents[0]!;
        return { task_id: stored.id, assigned_at: stored.created_at, estimated_completion: estimate(s, stored, agentId, task.timeout), agent_id: agentId, status: rpcStatusOf(stored) };
      },
    }),

    'task.cancel': rpcMethod({
      params: rpcParams['task.cancel'],
      async handler(params, call) {
        const task = require(params.task_id);
        if (task.status === 'cancelled') throw new RpcError(rpcCodes.taskCancelled, `Task '${task.id}' was already cancelled`, { status: 'cancelled' });
        if (ended(task)) throw new RpcError(rpcCodes.coordinationConflict, `Task '${task.id}' already ended (${rpcStatusOf(task)})`, { status: rpcStatusOf(task) });
        s.tasks.cancel(task.id, { reason: params.reason });
        await settle([task.id], call, 15_000);
        const now = require(task.id);
        return { task_id: task.id, status: rpcStatusOf(now), cancelled_at: iso(), ...(params.reason ? { reason: params.reason } : {}) };
      },
    }),

    'task.status': rpcMethod({
      params: rpcParams['task.status'],
      readOnly: true,
      handler(params) {
        const task = require(params.task_id);
        const progress = progressOf(s, task);
        return {
          task: rpcTaskOf(task),
          status: rpcStatusOf(task),
          ...(progress === undefined ? {} : { progress }),
          ...(ended(task) ? { result: result(task) } : {}),
          updated_at: task.updated_at,
        };
      },
    }),

    'task.result': rpcMethod({
      params: rpcParams['task.result'],
      readOnly: true,
      handler(params) {
        const task = require(params.task_id);
        if (!ended(task)) throw new RpcError(rpcCodes.coordinationConflict, `Task '${task.id}' has not ended (${rpcStatusOf(task)}); poll task.status`, { status: rpcStatusOf(task) });
        const answer = result(task, params.include_metadata);
        if (task.status === 'timeout') throw new RpcError(rpcCodes.taskTimeout, `Task '${task.id}' timed out: ${task.error ?? ''}`.trim(), answer);
        if (task.status === 'cancelled') throw new RpcError(rpcCodes.taskCancelled, `Task '${task.id}' was cancelled`, answer);
        return answer;
      },
    }),
  };
}

/** 0-100: what a remote agent reported, the share of a fan-out's agents that finished, 100 once ended. */
function progressOf(s: RpcServices, task: StoredTask): number | undefined {
  if (task.status === 'completed') return 100;
  if (task.children.length) {
    const done = task.children.filter((id) => {
      const child = s.taskStore.get(id);
      return child && terminalStatuses.includes(child.status);
    }).length;
    return Math.round((done / task.children.length) * 100);
  }
  return task.progress ?? undefined;
}

/**
 * When the task should end: the agent's median duration over its recent tasks (its timeout
 * before it has any), times the rounds it waits behind the tasks ahead of it in its queue.
 */
function estimate(s: RpcServices, task: StoredTask, agentId: string, timeoutS: number): string {
  const typical = s.stats.medianDurationMs(agentId) ?? timeoutS * 1_000;
  const agent = s.agents.kindOf(agentId) ? s.agents.get(agentId) : undefined;
  const slots = Math.max(1, agent?.maxConcurrent ?? 1);
  const ahead = s.tasks.queuePosition(task.id);
  const rounds = ahead === undefined ? 1 : 1 + Math.floor(ahead / slots) + (agent && agent.running >= slots ? 1 : 0);
  return iso(Date.parse(task.created_at) + typical * rounds);
}
