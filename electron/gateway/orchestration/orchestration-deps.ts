import type { GatewayConfig } from '../../../shared/schemas/config.js';
import { agentMessageSchema, type AgentMessage } from '../../../shared/schemas/task.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import type { SpaceStore } from '../tasks/space-store.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { TaskStore } from '../tasks/task-store.js';
import type { DeploymentStore } from './deployments.js';
import { orchestratorId, resolveAlias } from './orchestrator-id.js';

/** The services the orchestration interface is a face of. */
export interface OrchestrationDeps {
  config(): GatewayConfig;
  agents: AgentRegistry;
  tasks: TaskManager;
  taskStore: TaskStore;
  spaces: SpaceStore;
  providers: ProviderStates;
  bus: EventBus<GatewayEvents>;
  deployments: DeploymentStore;
  /** The runtime tools (MCP) the orchestrator role is given. */
  toolNames(): string[];
  /** The gateway's address and a token scoped to a task, for the task's MCP calls. */
  gatewayAccess(taskId: string): { url: string; token: string } | undefined;
}

/** Who is calling: through which face, and from which running task (an orchestrator's MCP token). */
export interface Caller {
  via: 'api' | 'mcp' | 'ui' | 'cli';
  taskId?: string;
}

export const now = () => new Date().toISOString();

/** The orchestrator's id, or 503 when no agent can orchestrate. */
export function requireOrchestrator(deps: Pick<OrchestrationDeps, 'config' | 'agents'>): string {
  const id = orchestratorId(deps.config(), deps.agents);
  if (!id) throw new HttpError(503, 'NO_ORCHESTRATOR', 'No orchestrator: add a Codex or Claude Code agent, or name one in orchestration.orchestrator');
  return id;
}

/** An agent id as given (aliases of the orchestrator resolved), checked to exist. */
export function requireAgent(deps: Pick<OrchestrationDeps, 'config' | 'agents'>, id: string): string {
  const resolved = resolveAlias(id, orchestratorId(deps.config(), deps.agents));
  return deps.agents.get(resolved).id;
}

/** Task text from the spec's `task: unknown` (or a message): text as is, anything else as JSON. */
export function workText(work: unknown): string {
  if (typeof work === 'string') return work;
  const object = work as Record<string, unknown>;
  for (const key of ['prompt', 'text', 'task', 'message', 'content']) if (typeof object?.[key] === 'string' && Object.keys(object).length === 1) return object[key];
  return JSON.stringify(work, null, 2);
}

/** An AgentMessage for the task manager, a session mapped to its space (created on first use). */
export function taskMessage(deps: Pick<OrchestrationDeps, 'spaces'>, input: { source: string; target: string; text: string; sessionId?: string | null; options?: Record<string, unknown> }): AgentMessage {
  if (input.sessionId) deps.spaces.ensure(input.sessionId, { orchestrationSession: true });
  return agentMessageSchema.parse({
    type: 'task',
    source: input.source,
    target: input.target,
    payload: { task: input.text, ...(input.sessionId ? { context: { shared_space_id: input.sessionId } } : {}), options: input.options ?? {} },
  });
}
