import type { ProviderConfig } from '../../../shared/schemas/config.js';
import { HttpError } from '../http/http-error.js';
import type { Budgets } from './budgets.js';
import type { QuotaService } from './quota-service.js';

/** Reasons the chain passes a target by start with one of these, so the final error can say which. */
export const OVER_BUDGET = 'over budget';

/**
 * What the model pipeline asks before and during a call. Both answers come from cached
 * figures (balances fetched in the background, spend kept as running totals).
 */
export interface RoutingGuard {
  /** Throws 402 `budget_exceeded` when the overall budget or the calling agent's is spent. */
  admit(caller: { agentId?: string | null }): void;
  /** Why a target's provider should be passed by (out of balance, over the usage threshold, over budget). */
  skipReason(provider: ProviderConfig): string | undefined;
}

export function createRoutingGuard(quota: QuotaService, budgets: Budgets): RoutingGuard {
  return {
    admit({ agentId }) {
      const blocked = budgets.blockCall(agentId);
      if (blocked) throw new HttpError(402, 'budget_exceeded', blocked);
    },
    skipReason(provider) {
      const budget = budgets.providerBlock(provider.id);
      if (budget) return `${OVER_BUDGET} (${budget})`;
      return quota.skipReason(provider);
    },
  };
}
