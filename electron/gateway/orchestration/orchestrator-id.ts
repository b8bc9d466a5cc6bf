import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { AgentRegistry } from '../agents/agent-registry.js';

/** The spec's names for the main orchestrator (`chat-codex-gateway` as a message target, `chat-codex` as a source). */
export const orchestratorAliases: readonly string[] = ['chat-codex-gateway', 'chat-codex'];

/**
 * The agent that directs the others: `orchestration.orchestrator` when set, else the first
 * enabled Codex agent, else the first enabled Claude Code agent (of those not given another
 * role); undefined when there is none.
 */
export function orchestratorId(config: GatewayConfig, agents: Pick<AgentRegistry, 'configs'>): string | undefined {
  if (config.orchestration.orchestrator) return config.orchestration.orchestrator;
  // An agent given another role (`role: executor`) is not picked by default.
  const local = agents
    .configs()
    .filter(({ config: agent, source }) => agent.enabled && source !== 'deployed' && (agent.role === undefined || agent.role === 'orchestrator'))
    .map(({ config: agent }) => agent);
  return (local.find((agent) => agent.adapter === 'codex') ?? local.find((agent) => agent.adapter === 'claude-code'))?.id;
}

/** An agent id as a client wrote it: an alias of the orchestrator becomes its real id. */
export const resolveAlias = (id: string, orchestrator: string | undefined) => (orchestrator && orchestratorAliases.includes(id) ? orchestrator : id);
