import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { ModelAgents } from '../agents/model-agents.js';
import type { LockService } from '../coordination/lock-service.js';
import type { Presence } from '../coordination/presence.js';
import type { EnvService } from '../env/env-service.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import type { AgentSampler } from '../metrics/agent-sampler.js';
import type { MetricStore } from '../metrics/metric-store.js';
import type { TaskStats } from '../metrics/task-stats.js';
import type { TokenUsageService } from '../metrics/token-usage.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { TaskStore } from '../tasks/task-store.js';
import type { RpcSubscriptions } from './rpc-subscriptions.js';

/** The services the JSON-RPC face calls: the same ones the REST, MCP and UI faces use. */
export interface RpcServices {
  config: () => GatewayConfig;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  agents: AgentRegistry;
  modelAgents: ModelAgents;
  tasks: TaskManager;
  taskStore: TaskStore;
  env: EnvService;
  locks: LockService;
  presence: Presence;
  sampler: AgentSampler;
  metrics: MetricStore;
  stats: TaskStats;
  tokens: TokenUsageService;
  providers: ProviderStates;
  subscriptions: RpcSubscriptions;
  /** Why the agent may not start a task now (a spent budget), if so. */
  budgetBlock?(agentId: string): string | undefined;
  paused(): boolean;
}
