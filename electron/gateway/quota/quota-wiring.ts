import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import { costOf } from '../models/pricing.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import type { Db } from '../store/database.js';
import type { UsageLedger } from '../store/usage-ledger.js';
import { UsageSummaries } from '../store/usage-summary.js';
import { quotaAwareDispatch } from '../tasks/quota-dispatch.js';
import type { TaskManagerDeps } from '../tasks/task-manager.js';
import { Budgets } from './budgets.js';
import { QuotaService } from './quota-service.js';
import { createRoutingGuard, type RoutingGuard } from './routing-guard.js';
import { SpendTracker } from './spend-tracker.js';

export interface QuotaWiringDeps {
  db: Db;
  ledger: UsageLedger;
  config: () => GatewayConfig;
  providers: ProviderStates;
  agents: AgentRegistry;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  env: NodeJS.ProcessEnv;
}

export interface QuotaServices {
  quota: QuotaService;
  budgets: Budgets;
  guard: RoutingGuard;
  summaries: UsageSummaries;
  /** What the task manager needs: dispatch, budget checks, pricing of agent-reported usage. */
  taskHooks: Pick<TaskManagerDeps, 'dispatch' | 'budgetBlock' | 'priceUsage'>;
}

/** Builds balances, subscriptions, budgets and their hooks into routing and tasks. */
export function createQuotaServices(deps: QuotaWiringDeps): QuotaServices {
  const quota = new QuotaService({ config: deps.config, providers: deps.providers, bus: deps.bus, logger: deps.logger, env: deps.env });
  const spend = new SpendTracker(deps.db, deps.ledger, () => deps.config().budgets.timezone);
  const budgets = new Budgets(deps.config, spend, deps.bus, deps.ledger);
  const agents = deps.agents;
  return {
    quota,
    budgets,
    guard: createRoutingGuard(quota, budgets),
    summaries: new UsageSummaries(deps.db, deps.ledger),
    taskHooks: {
      dispatch: (agentId, options) =>
        quotaAwareDispatch(
          {
            configOf: (id) => agents.configOf(id),
            agents: async () => {
              const undetected = agents.list().filter((agent) => agent.detectedAt === null && agent.enabled);
              await Promise.all(undetected.map((agent) => agents.detect(agent.id)));
              return agents.list();
            },
            subscriptionFor: (agent) => quota.subscriptionFor(agent),
            warnPercent: () => deps.config().quota.warnPercent,
          },
          agentId,
          options,
        ),
      budgetBlock: (agentId) => budgets.blockCall(agentId),
      priceUsage: (usage, model) => (model ? costOf(usage, deps.config().prices, model) : 0),
    },
  };
}
