import type { AgentConfig, AgentInfo } from '../../../shared/schemas/agent.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type {
  Catalog,
  CatalogAgent,
  CatalogBudget,
  CatalogExecution,
  CatalogGovernance,
  CatalogLayer,
  CatalogSource,
  CatalogState,
  ControlAction,
  RuntimeRole,
  StartupTemplate,
} from '../../../shared/schemas/orchestration.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { DeploymentStore } from './deployments.js';
import { orchestratorId } from './orchestrator-id.js';
import { templates } from './templates.js';

export interface CatalogDeps {
  config(): GatewayConfig;
  agents: AgentRegistry;
  tasks: Pick<TaskManager, 'isPaused'>;
  deployments: DeploymentStore;
  /** The runtime tools (MCP) the orchestrator role is given. */
  toolNames(): string[];
}

/** The tools each CLI brings (as its own docs name them); a command agent's are its own business. */
const cliTools: Record<string, string[]> = {
  'claude-code': ['Bash', 'Read', 'Edit', 'Write', 'Glob', 'Grep', 'Task', 'WebFetch'],
  codex: ['exec_command', 'apply_patch', 'write_stdin', 'web_search', 'view_image'],
  gemini: ['run_shell_command', 'read_file', 'write_file', 'replace', 'glob', 'search_file_content'],
  opencode: ['bash', 'read', 'edit', 'write', 'glob', 'grep'],
  openclaw: ['exec', 'read', 'write'],
  command: [],
  remote: [],
};

const processActions: ControlAction[] = ['status', 'pause', 'resume', 'interrupt', 'cancel'];
// A remote, http or model agent is told to cancel; it has no process here to send SIGINT to.
const remoteActions: ControlAction[] = ['status', 'pause', 'resume', 'cancel'];

/** Our registry's source and state, in the spec's words (one table per face). */
const sources: Record<AgentInfo['source'], CatalogSource> = { config: 'config', registered: 'config', detected: 'detected', hub: 'connected', deployed: 'service' };

export function catalogState(agent: AgentInfo, paused: boolean): CatalogState {
  return paused && agent.state !== 'disabled' ? 'paused' : agent.state;
}

/** The role an agent runs in: the configured orchestrator always orchestrates; others as configured. */
export function roleOf(agentId: string, config: AgentConfig | undefined, orchestrator: string | undefined): RuntimeRole {
  if (agentId === orchestrator) return 'orchestrator';
  return config?.role ?? 'executor';
}

/** GET /api/v1/agents/catalog: every agent with its instances and the capability layers asked for. */
export function buildCatalog(deps: CatalogDeps, layer: CatalogLayer): Catalog {
  const config = deps.config();
  const orchestrator = orchestratorId(config, deps.agents);
  const infos = deps.agents.list();
  const configs = new Map(deps.agents.configs().map(({ config: agent }) => [agent.id, agent]));
  const enabled = infos.filter((agent) => agent.enabled).map((agent) => agent.id);
  const agents = infos.map((info): CatalogAgent => {
    const agentConfig = configs.get(info.id);
    const paused = deps.tasks.isPaused(info.id);
    const state = catalogState(info, paused);
    const role = roleOf(info.id, agentConfig, orchestrator);
    const capabilities: CatalogAgent['capabilities'] = { summary: { role, state, source: sources[info.source], tags: info.capabilities } };
    if (layer === 'execution' || layer === 'full') capabilities.execution = execution(info, role, enabled, deps.toolNames());
    if (layer === 'governance' || layer === 'full') capabilities.governance = governance(info, agentConfig, config, paused, deps.deployments.forAgent(info.id).length);
    return {
      id: info.id,
      name: info.name,
      kind: info.kind,
      adapter: info.adapter,
      state,
      instances: { running: info.running, queued: info.queued, max: info.maxConcurrent },
      capabilities,
    };
  });
  const startupTargets = agents
    .filter((agent) => agent.instances.running === 0 && deps.deployments.forAgent(agent.id).length === 0 && agent.state !== 'disabled')
    .map(({ id, name, kind, state }) => ({ id, name, kind, state }));
  return { layer, orchestrator: orchestrator ?? null, agents, startupTargets, startupTemplates: startupTemplates(deps, orchestrator) };
}

function execution(info: AgentInfo, role: RuntimeRole, enabled: string[], runtimeTools: string[]): CatalogExecution {
  const orchestrating = role === 'orchestrator';
  return {
    tools: [...(cliTools[info.adapter] ?? []), ...(orchestrating ? runtimeTools : [])],
    dispatchTargets: orchestrating ? enabled.filter((id) => id !== info.id) : [],
    controlActions: info.kind === 'process' ? processActions : remoteActions,
  };
}

function governance(info: AgentInfo, agent: AgentConfig | undefined, config: GatewayConfig, paused: boolean, deployments: number): CatalogGovernance {
  const budgets: CatalogBudget[] = [];
  const add = (scope: CatalogBudget['scope'], periods: GatewayConfig['budgets']['overall']) => {
    for (const period of ['daily', 'monthly'] as const) {
      const limit = periods?.[period];
      if (limit) budgets.push({ scope, period, limitUsd: limit.limitUsd });
    }
  };
  add('overall', config.budgets.overall);
  add('agent', config.budgets.agents[info.id]);
  const claude = agent?.adapter === 'claude-code';
  const codex = agent?.adapter === 'codex';
  const permissionMode = claude ? agent.permissionMode : null;
  const sandbox = codex ? agent.sandbox : null;
  return {
    allow: agent?.allowedTools ?? [],
    deny: [],
    // Without a pre-approval an agent run headless stops at the first edit or command it must ask about.
    approvalRequired: claude ? permissionMode === 'default' || permissionMode === 'plan' : codex ? sandbox === 'read-only' : agent ? !agent.autoApprove && agent.adapter !== 'command' : false,
    permissionMode,
    sandbox,
    provider: { routedThroughGateway: agent?.routeModelsThroughGateway ?? false, model: agent?.model ?? null, budgets },
    session: { maxConcurrent: info.maxConcurrent, timeoutMs: agent?.timeoutMs ?? null, paused, deployments },
  };
}

function startupTemplates(deps: CatalogDeps, orchestrator: string | undefined): StartupTemplate[] {
  const base = orchestrator && deps.agents.kindOf(orchestrator) === 'process' ? orchestrator : null;
  return Object.values(templates).map((template) => ({
    id: template.id,
    role: template.role,
    description: template.description,
    defaultBaseAgentId: base,
    tools: template.role === 'orchestrator' ? deps.toolNames() : (template.overrides as Partial<AgentConfig>).allowedTools ?? [],
  }));
}
