import type { Router } from 'express';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { TaskUsage } from '../../../shared/schemas/task.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { AgentTokens } from '../hub/agent-tokens.js';
import type { GuardOptions } from '../http/guards.js';
import { monitorRoutes } from '../http/routes/monitor-routes.js';
import type { UpgradeRoute } from '../http/upgrade-router.js';
import type { Logger } from '../log/logger.js';
import { AgentSampler } from '../metrics/agent-sampler.js';
import { createPrometheus } from '../metrics/prometheus.js';
import { TokenUsageService } from '../metrics/token-usage.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import type { Db } from '../store/database.js';
import type { UsageLedger } from '../store/usage-ledger.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { TaskStore } from '../tasks/task-store.js';
import { RpcDispatcher, type AnyRpcMethod } from './dispatcher.js';
import type { ManagerCore } from './manager-services.js';
import { agentMethods } from './methods/agent-methods.js';
import { coordinationMethods } from './methods/coordination-methods.js';
import { envMethods } from './methods/env-methods.js';
import { eventMethods } from './methods/event-methods.js';
import { metricsMethods } from './methods/metrics-methods.js';
import { taskMethods } from './methods/task-methods.js';
import { rpcHttpRoutes, rpcSocketRoute } from './rpc-transport.js';
import type { RpcServices } from './rpc-services.js';
import { RpcSubscriptions } from './rpc-subscriptions.js';

export interface RpcManagerDeps {
  core: ManagerCore;
  db: Db;
  config: () => GatewayConfig;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  agents: AgentRegistry;
  tasks: TaskManager;
  taskStore: TaskStore;
  ledger: UsageLedger;
  providers: ProviderStates;
  guards: GuardOptions;
  tokens: AgentTokens;
  priceUsage?(usage: TaskUsage, model: string | undefined): number;
  budgetBlock?(agentId: string): string | undefined;
  paused(): boolean;
  limitBytes(): number;
  hubConnections(): number;
}

export interface RpcManager {
  services: RpcServices;
  methods: Record<string, AnyRpcMethod>;
  dispatcher: RpcDispatcher;
  /** `POST /rpc` (it authenticates itself: agent and task tokens may call some methods). */
  httpRoutes: Router;
  /** `GET /metrics`, `GET /audit`, behind the management token. */
  monitorRoutes: Router;
  /** `WS /rpc`. */
  upgradeRoute: UpgradeRoute;
  start(): void;
  stop(): Promise<void>;
}

/** The JSON-RPC 2.0 manager of specs/003: its methods over the shared services, at POST and WS /rpc. */
export function createRpcManager(deps: RpcManagerDeps): RpcManager {
  const { core } = deps;
  const sampler = new AgentSampler({ agents: deps.agents, taskStore: deps.taskStore, stats: core.stats, store: core.metrics, network: core.network, config: () => deps.config().metrics, logger: deps.logger });
  const tokens = new TokenUsageService({ db: deps.db, ledger: deps.ledger, tasks: deps.tasks, taskStore: deps.taskStore, agents: deps.agents, priceUsage: deps.priceUsage });
  const subscriptions = new RpcSubscriptions(deps.bus);
  const services: RpcServices = {
    config: deps.config, bus: deps.bus, logger: deps.logger, agents: deps.agents, modelAgents: core.modelAgents, tasks: deps.tasks, taskStore: deps.taskStore,
    env: core.env, locks: core.locks, presence: core.presence, sampler, metrics: core.metrics, stats: core.stats, tokens, providers: deps.providers, subscriptions,
    budgetBlock: deps.budgetBlock, paused: deps.paused,
  };
  const methods: Record<string, AnyRpcMethod> = {
    ...agentMethods(services),
    ...taskMethods(services),
    ...envMethods(services),
    ...metricsMethods(services),
    ...coordinationMethods(services),
    ...eventMethods(services),
  };
  const dispatcher = new RpcDispatcher({
    methods,
    logger: deps.logger,
    audit: (call, method, outcome, target) => core.audit.record({ actor: call.actor, face: 'rpc', action: method, target, outcome }),
  });
  const transport = { dispatcher, guards: deps.guards, tokens: deps.tokens, logger: deps.logger, limitBytes: deps.limitBytes };
  const socket = rpcSocketRoute(transport);
  const prometheus = createPrometheus({ bus: deps.bus, agents: deps.agents, providers: deps.providers, ledger: deps.ledger, hubConnections: deps.hubConnections });
  return {
    services,
    methods,
    dispatcher,
    httpRoutes: rpcHttpRoutes(transport),
    monitorRoutes: monitorRoutes({ registry: prometheus.registry, audit: core.audit }),
    upgradeRoute: socket,
    start() {
      // Tasks that held a directory lock were all ended by recovery: their leases go too.
      core.locks.releaseOwners('task:');
      sampler.start();
    },
    async stop() {
      socket.close();
      core.locks.stop();
      subscriptions.stop();
      prometheus.stop();
      await sampler.stop();
    },
  };
}
