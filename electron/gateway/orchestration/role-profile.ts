import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { RoleAttachment } from '../agents/types.js';
import type { StoredTask } from '../tasks/task-store.js';
import { buildCatalog, roleOf, type CatalogDeps } from './catalog.js';
import type { OrchestrationDeps } from './orchestration-deps.js';
import { orchestratorId } from './orchestrator-id.js';
import { rolePrompt } from './templates.js';

/** The name the MCP server has in the agent's config: its tools are mcp__agentmesh__… */
export const mcpServerName = 'agentmesh';

/** The team as the orchestrator is told about it: one line per agent it may dispatch to. */
export function teamSummary(deps: CatalogDeps, self: string): string {
  const catalog = buildCatalog(deps, 'summary');
  const lines = catalog.agents
    .filter((agent) => agent.id !== self && agent.state !== 'disabled')
    .map((agent) => {
      const { role, tags } = agent.capabilities.summary;
      return `- ${agent.id} (${agent.kind === 'remote' ? 'remote' : agent.adapter}, ${role}, ${agent.state}, ${agent.instances.running}/${agent.instances.max} busy)${tags.length ? `: ${tags.join(', ')}` : ''}`;
    });
  return lines.length ? `Your team (targetAgentId: description):\n${lines.join('\n')}` : 'There are no other agents yet: agent.deploy can start some.';
}

/**
 * The role profile a task runs with. The orchestrator (or an agent in the orchestrator role)
 * gets the runtime tools over MCP, with a token scoped to its task, and a prompt describing the
 * team; a reviewer or executor gets its role's prompt; an agent's own systemPrompt comes first.
 */
export function roleProfile(deps: OrchestrationDeps & CatalogDeps, task: StoredTask, agent: AgentConfig): RoleAttachment | undefined {
  const config = deps.config();
  const orchestrator = orchestratorId(config, deps.agents);
  const role = agent.role || agent.id === orchestrator ? roleOf(agent.id, agent, orchestrator) : undefined;
  if (!role) return agent.systemPrompt ? { role: 'agent', systemPrompt: agent.systemPrompt } : undefined;
  const prompt = agent.systemPrompt ?? rolePrompt(role);
  if (role !== 'orchestrator') return { role, systemPrompt: prompt };
  const access = deps.gatewayAccess(task.id);
  return {
    role,
    systemPrompt: `${prompt}\n\n${teamSummary(deps, agent.id)}`,
    ...(access
      ? { mcp: { name: mcpServerName, url: `${access.url}/mcp`, token: access.token, tools: deps.toolNames(), toolTimeoutSec: config.orchestration.toolTimeoutSeconds } }
      : {}),
  };
}
