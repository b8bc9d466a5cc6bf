import type { AgentConfig } from '../../../../shared/schemas/agent.js';
import type { SpawnContext, TaskSpec } from '../types.js';

/** The header a routed agent sends with every model call, so the gateway can join calls to tasks. */
export const TASK_HEADER = 'x-agentmesh-task-id';
/** The env var holding the gateway token for CLIs that read a provider key by env name. */
export const TOKEN_ENV = 'AGENTMESH_TOKEN';
export const TASK_ENV = 'AGENTMESH_TASK_ID';
/** The task-scoped token an attached MCP server (the gateway's /mcp) is called with. */
export const MCP_TOKEN_ENV = 'AGENTMESH_MCP_TOKEN';
/** The gateway's MCP endpoint, for a command agent in the orchestrator role. */
export const MCP_URL_ENV = 'AGENTMESH_MCP_URL';
/** The gateway's base URL (no /v1), for agents that call it themselves. */
export const GATEWAY_URL_ENV = 'AGENTMESH_GATEWAY_URL';

export const modelOf = (task: TaskSpec, agent: AgentConfig): string | undefined => task.model ?? agent.model;

/**
 * The agent's own env, then what the adapter must set. The adapter's keys win: a stray
 * `ANTHROPIC_BASE_URL` in the agent config must not silently undo gateway routing.
 * PWD follows the cwd: the runner's inherited PWD names the gateway's directory, and some
 * CLIs (opencode) trust PWD over the real working directory.
 */
export function planEnv(task: TaskSpec, agent: AgentConfig, ctx: SpawnContext, adapterEnv: Record<string, string> = {}): Record<string, string> {
  return { ...agent.env, PWD: ctx.cwd, [TASK_ENV]: task.id, ...adapterEnv };
}
