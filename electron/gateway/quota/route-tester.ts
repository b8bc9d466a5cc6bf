import type { GatewayConfig } from '../../../shared/schemas/config.js';
import { HttpError } from '../http/http-error.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import { resolveChain } from '../models/routing/router.js';
import type { Budgets } from './budgets.js';
import type { QuotaService } from './quota-service.js';
import type { RoutingGuard } from './routing-guard.js';

export interface TestedTarget {
  provider: string;
  model: string;
  type: string;
  /** A call now would try this target. */
  available: boolean;
  /** Why not: health (no key, circuit open, rate limited, disabled) or the skip below. */
  reason: string | null;
  /** Why the chain would pass it by: out of balance, over the usage threshold, over budget. */
  skipped: string | null;
  /** The provider's quota summary (balance, local server…). */
  summary: string | null;
}

export interface RouteTest {
  model: string;
  /** What `model` stands for when it is an alias (`aliases:`), else null. */
  aliasOf: string | null;
  rule: string | null;
  targets: TestedTarget[];
  /** The first target a call would go to, if any. */
  servedBy: { provider: string; model: string } | null;
  /** The budget message that would refuse the call before any target (overall, or the agent's). */
  blocked: string | null;
  error: string | null;
}

export interface RouteTestDeps {
  config: () => GatewayConfig;
  providers: ProviderStates;
  quota?: QuotaService;
  budgets?: Budgets;
  guard?: RoutingGuard;
}

/** "Which chain serves model X?", with each target's availability and skip reason; never calls upstream. */
export function testRoute(deps: RouteTestDeps, model: string, agentId?: string): RouteTest {
  let chain;
  try {
    chain = resolveChain(deps.config(), model);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return { model, aliasOf: null, rule: null, targets: [], servedBy: null, blocked: null, error: error.message };
    throw error;
  }
  const targets = chain.targets.map((target): TestedTarget => {
    const skipped = deps.guard?.skipReason(target.provider) ?? null;
    const unavailable = deps.providers.unavailableReason(target.provider) ?? null;
    return {
      provider: target.provider.id,
      model: target.model,
      type: target.provider.type,
      available: !skipped && !unavailable,
      reason: unavailable ?? skipped,
      skipped,
      summary: deps.quota?.providerEntry(target.provider).summary ?? null,
    };
  });
  const blocked = deps.budgets?.blockCall(agentId) ?? null;
  const first = blocked ? undefined : targets.find((target) => target.available);
  return {
    model,
    aliasOf: chain.model === model ? null : chain.model,
    rule: chain.rule,
    targets,
    servedBy: first ? { provider: first.provider, model: first.model } : null,
    blocked,
    error: targets.length ? null : 'The matching rule names no enabled provider',
  };
}
