import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { Catalog, CatalogLayer, ControlBody, ControlResult, DeployBody, DeployResult, DispatchBody, DispatchResult, MessageBody, MessageResult, TaskTreeNode } from '../../../shared/schemas/orchestration.js';
import type { RoleAttachment } from '../agents/types.js';
import { HttpError } from '../http/http-error.js';
import type { Db } from '../store/database.js';
import type { StoredTask } from '../tasks/task-store.js';
import { buildCatalog } from './catalog.js';
import { control } from './control.js';
import { deploy } from './deploy.js';
import { DeploymentStore } from './deployments.js';
import { dispatch, sendMessage, type RouteMode } from './dispatch.js';
import type { Caller, OrchestrationDeps } from './orchestration-deps.js';
import { orchestratorId } from './orchestrator-id.js';
import { roleProfile } from './role-profile.js';
import { forwardRuntimeEvents } from './runtime-events.js';
import { taskTree } from './runtime-tasks.js';

export type { Caller } from './orchestration-deps.js';

/** The orchestration interface (specs/002) as one service; REST, MCP and the UI are its faces. */
export interface Orchestration {
  catalog(layer: CatalogLayer): Catalog;
  message(body: MessageBody, mode: RouteMode, caller: Caller, signal?: AbortSignal): Promise<MessageResult>;
  dispatch(body: DispatchBody, caller: Caller, signal?: AbortSignal): Promise<DispatchResult>;
  control(body: ControlBody, caller: Caller): Promise<ControlResult>;
  deploy(body: DeployBody): DeployResult;
  /** A task and everything dispatched from it, costs summed. */
  tree(taskId: string): TaskTreeNode;
  /** Whether a task-scoped token may use the runtime tools: its task runs now in the orchestrator role. */
  mayOrchestrate(taskId: string): boolean;
  orchestratorId(): string | undefined;
  /** For the task manager: the role a task runs with. */
  roleProfile(task: StoredTask, agent: AgentConfig): RoleAttachment | undefined;
  stop(): void;
}

export function createOrchestration({ db, ...input }: Omit<OrchestrationDeps, 'deployments'> & { db: Db }): Orchestration {
  const deployments = new DeploymentStore(db);
  const deps: OrchestrationDeps = { ...input, deployments };
  input.agents.setPool(deployments);
  const stopEvents = forwardRuntimeEvents(deps.bus, deps.agents, deps.tasks);
  return {
    catalog: (layer) => buildCatalog(deps, layer),
    message: (body, mode, caller, signal) => sendMessage(deps, body, mode, caller, signal),
    dispatch: (body, caller, signal) => dispatch(deps, body, caller, signal),
    control: (body, caller) => control(deps, body, caller),
    deploy: (body) => deploy(deps, body),
    tree(taskId) {
      const tree = taskTree(deps.taskStore, taskId);
      if (!tree) throw new HttpError(404, 'TASK_NOT_FOUND', `No task '${taskId}'`);
      return tree;
    },
    mayOrchestrate(taskId) {
      const task = deps.taskStore.get(taskId);
      const agentId = task?.assigned_agents[0];
      if (!task || (task.status !== 'assigned' && task.status !== 'running') || !agentId) return false;
      return agentId === orchestratorId(deps.config(), deps.agents) || deps.agents.configOf(agentId)?.role === 'orchestrator';
    },
    orchestratorId: () => orchestratorId(deps.config(), deps.agents),
    roleProfile: (task, agent) => roleProfile(deps, task, agent),
    stop: stopEvents,
  };
}
