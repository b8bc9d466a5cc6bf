import type { TaskUsage } from '../../../shared/schemas/task.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { UsageLedger } from '../store/usage-ledger.js';
import type { StoredTask } from './task-store.js';

/** A routed agent's usage: its model calls, booked to the task through its task token. */
export function usageFromLedger(ledger: UsageLedger, taskId: string): TaskUsage {
  return ledger.forTask(taskId).reduce(
    (sum, row) => ({ inputTokens: sum.inputTokens + row.inputTokens, outputTokens: sum.outputTokens + row.outputTokens, cachedTokens: sum.cachedTokens + row.cachedTokens, costUsd: sum.costUsd + row.costUsd }),
    { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 },
  );
}

/**
 * The usage an agent reported itself (its own subscription, not routed through the gateway)
 * becomes one ledger row, so totals and budgets see it; a routed agent's calls are already there.
 */
export function recordAgentUsage(
  deps: { ledger: UsageLedger; agents: AgentRegistry; priceUsage?: (usage: TaskUsage, model: string | undefined) => number },
  task: StoredTask,
  agentId: string,
  usage: TaskUsage,
): void {
  if (!usage.inputTokens && !usage.outputTokens && !usage.costUsd) return;
  const model = (task.options.model as string | undefined) ?? deps.agents.configOf(agentId)?.model;
  // Priced in place: the task record keeps the same figures as its ledger row.
  if (!usage.costUsd && deps.priceUsage) usage.costUsd = deps.priceUsage(usage, model);
  // Only what is not booked yet: the agent may have reported part of it already (JSON-RPC tokens.usage).
  const booked = usageFromLedger(deps.ledger, task.id);
  const rest = unbooked(usage, booked);
  if (!rest.inputTokens && !rest.outputTokens && !rest.costUsd) return;
  deps.ledger.record({
    ts: Date.now(), client: agentId, inbound: 'agent', requestedModel: model ?? null, provider: `agent:${agentId}`,
    upstreamModel: null, status: 200, error: null, latencyMs: 0, ttfbMs: null, inputTokens: rest.inputTokens, outputTokens: rest.outputTokens,
    cachedTokens: rest.cachedTokens, costUsd: rest.costUsd, attempts: 1, stream: false, agentId, taskId: task.id,
  });
}

/** The part of `total` that `booked` does not cover yet, field by field (never negative). */
export function unbooked(total: TaskUsage, booked: TaskUsage): TaskUsage {
  return {
    inputTokens: Math.max(0, total.inputTokens - booked.inputTokens),
    outputTokens: Math.max(0, total.outputTokens - booked.outputTokens),
    cachedTokens: Math.max(0, total.cachedTokens - booked.cachedTokens),
    costUsd: Math.max(0, Math.round((total.costUsd - booked.costUsd) * 1e9) / 1e9),
  };
}
