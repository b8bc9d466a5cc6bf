import type { CostSource, TaskUsage } from '../../../shared/schemas/task.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { UsageLedger, UsageRow } from '../store/usage-ledger.js';
import type { StoredTask } from './task-store.js';

export const noUsage = (): TaskUsage => ({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 });

export const addUsage = (sum: TaskUsage, more: TaskUsage): TaskUsage => ({
  inputTokens: sum.inputTokens + more.inputTokens,
  outputTokens: sum.outputTokens + more.outputTokens,
  cachedTokens: sum.cachedTokens + more.cachedTokens,
  // Rounded like the ledger's sums, so a total of small costs does not print as 0.004000000000000001.
  costUsd: Math.round((sum.costUsd + more.costUsd) * 1e9) / 1e9,
});

/** Everything booked to the task in the ledger: calls it made through the gateway and usage it reported. */
export const usageFromLedger = (ledger: UsageLedger, taskId: string): TaskUsage => ledger.forTask(taskId).reduce((sum, row) => addUsage(sum, row), noUsage());

const hasUsage = (usage: TaskUsage) => Boolean(usage.inputTokens || usage.outputTokens || usage.costUsd);

/** Rows the gateway wrote for model calls it served (not the rows that book an agent's own report). */
const servedCalls = (rows: UsageRow[]) => rows.filter((row) => row.inbound !== 'agent');

export interface TaskUsageDeps {
  ledger: UsageLedger;
  agents: AgentRegistry;
  priceUsage?: (usage: TaskUsage, model: string | undefined) => number;
}

/**
 * A task's one cost. When its model calls went through the gateway (booked to it by its task
 * token), the ledger's figures are the cost, whatever the agent says it spent: the agent prices
 * by its own list, the ledger by the model that actually served. Otherwise the agent's report
 * is the cost, and it becomes one ledger row so that totals and budgets see it.
 */
export function settleTaskUsage(deps: TaskUsageDeps, task: StoredTask, agentId: string, reported: TaskUsage): { usage: TaskUsage; source: CostSource | null } {
  const calls = servedCalls(deps.ledger.forTask(task.id));
  if (calls.length) return { usage: calls.reduce((sum, row) => addUsage(sum, row), noUsage()), source: 'gateway' };
  if (!hasUsage(reported)) return { usage: noUsage(), source: null };
  return { usage: recordAgentUsage(deps, task, agentId, reported), source: 'agent' };
}

/** Books usage an agent reported itself as one ledger row, priced by model when it came without a cost. */
function recordAgentUsage(deps: TaskUsageDeps, task: StoredTask, agentId: string, reported: TaskUsage): TaskUsage {
  const model = (task.options.model as string | undefined) ?? deps.agents.configOf(agentId)?.model;
  // Priced here: the task record keeps the same figures as its ledger row.
  const usage = { ...reported, costUsd: reported.costUsd || (deps.priceUsage?.(reported, model) ?? 0) };
  // Only what is not booked yet: the agent may have reported part of it already (JSON-RPC tokens.usage).
  const rest = unbooked(usage, usageFromLedger(deps.ledger, task.id));
  if (!hasUsage(rest)) return usage;
  deps.ledger.record({
    ts: Date.now(), client: agentId, inbound: 'agent', requestedModel: model ?? null, provider: `agent:${agentId}`,
    upstreamModel: null, status: 200, error: null, latencyMs: 0, ttfbMs: null, inputTokens: rest.inputTokens, outputTokens: rest.outputTokens,
    cachedTokens: rest.cachedTokens, costUsd: rest.costUsd, attempts: 1, stream: false, agentId, taskId: task.id,
  });
  return usage;
}

/** A fan-out parent's usage: the sum of its children's, and one source when they agree. */
export function sumChildren(children: Pick<StoredTask, 'usage' | 'cost_source'>[]): { usage: TaskUsage; source: CostSource | null } {
  const usage = children.reduce((sum, child) => addUsage(sum, child.usage), noUsage());
  const sources = new Set(children.map((child) => child.cost_source).filter((source): source is CostSource => Boolean(source)));
  const [only] = sources;
  return { usage, source: sources.size === 0 ? null : sources.size === 1 ? (only as CostSource) : 'mixed' };
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
