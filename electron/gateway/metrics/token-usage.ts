import type { TokenUsage } from '../../../shared/schemas/rpc.js';
import type { TaskUsage } from '../../../shared/schemas/task.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { Db } from '../store/database.js';
import type { UsageLedger } from '../store/usage-ledger.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { TaskStore } from '../tasks/task-store.js';
import { unbooked, usageFromLedger } from '../tasks/task-usage.js';

export interface TokenUsageDeps {
  db: Db;
  ledger: UsageLedger;
  tasks: TaskManager;
  taskStore: TaskStore;
  agents: AgentRegistry;
  priceUsage?(usage: TaskUsage, model: string | undefined): number;
}

export const tokenUsage = (usage: TaskUsage, model?: string | null): TokenUsage => ({
  input_tokens: usage.inputTokens,
  output_tokens: usage.outputTokens,
  total_tokens: usage.inputTokens + usage.outputTokens,
  cost_usd: Math.round(usage.costUsd * 1e6) / 1e6,
  ...(model ? { model } : {}),
});

const periods = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;

interface Sums {
  input: number;
  output: number;
  cost: number;
}

const asUsage = (sums: Sums, model?: string): TokenUsage => ({
  input_tokens: sums.input,
  output_tokens: sums.output,
  total_tokens: sums.input + sums.output,
  cost_usd: Math.round(sums.cost * 1e6) / 1e6,
  ...(model ? { model } : {}),
});

/** JSON-RPC tokens.usage and tokens.summary over the usage ledger. */
export class TokenUsageService {
  constructor(private readonly deps: TokenUsageDeps) {}

  /**
   * Books what an agent says a task used, once: only the part the ledger does not hold yet
   * (its calls through this gateway, an earlier report) becomes a row, so repeating a report
   * or reporting calls that went through the gateway books nothing twice.
   */
  report(taskId: string, usage: { input_tokens: number; output_tokens: number; cost_usd?: number; model?: string }) {
    const task = this.deps.tasks.require(taskId);
    const agentId = task.assigned_agents.length === 1 ? task.assigned_agents[0]! : null;
    const total: TaskUsage = { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cachedTokens: 0, costUsd: usage.cost_usd ?? 0 };
    if (usage.cost_usd === undefined) total.costUsd = this.deps.priceUsage?.(total, usage.model) ?? 0;
    const rest = unbooked(total, usageFromLedger(this.deps.ledger, taskId));
    const recordedAt = Date.now();
    if (rest.inputTokens || rest.outputTokens || rest.costUsd) {
      this.deps.ledger.record({
        ts: recordedAt, client: agentId, inbound: 'agent-report', requestedModel: usage.model ?? null, provider: agentId ? `agent:${agentId}` : 'agent-report',
        upstreamModel: usage.model ?? null, status: 200, error: null, latencyMs: 0, ttfbMs: null, inputTokens: rest.inputTokens, outputTokens: rest.outputTokens,
        cachedTokens: 0, costUsd: rest.costUsd, attempts: 1, stream: false, agentId, taskId,
      });
    }
    const after = usageFromLedger(this.deps.ledger, taskId);
    this.deps.taskStore.update(taskId, { usage: after });
    return { task_id: taskId, booked: tokenUsage(rest, usage.model), total: tokenUsage(after), recorded_at: new Date(recordedAt).toISOString() };
  }

  summary(filter: { agentId?: string; timeframe?: keyof typeof periods; startMs?: number; endMs?: number }) {
    this.deps.ledger.flush();
    const end = filter.endMs ?? Date.now();
    const start = filter.startMs ?? end - periods[filter.timeframe ?? 'month'];
    const params = { start, end, agent: filter.agentId ?? null };
    const where = 'WHERE u.ts >= @start AND u.ts <= @end AND (@agent IS NULL OR u.agent_id = @agent)';
    const sums = 'COALESCE(SUM(u.input_tokens), 0) AS input, COALESCE(SUM(u.output_tokens), 0) AS output, COALESCE(SUM(u.cost_usd), 0) AS cost';
    const db = this.deps.db;
    const total = db.prepare<typeof params, Sums>(`SELECT ${sums} FROM usage u ${where}`).get(params)!;
    const byModel = db.prepare<typeof params, Sums & { key: string }>(`SELECT COALESCE(u.upstream_model, u.requested_model, 'unknown') AS key, ${sums} FROM usage u ${where} GROUP BY key`).all(params);
    const byType = db
      .prepare<typeof params, Sums & { type: string | null; agent: string | null; direct: number }>(
        `SELECT json_extract(t.options, '$.taskType') AS type, u.agent_id AS agent, u.task_id IS NULL AS direct, ${sums}
         FROM usage u LEFT JOIN tasks t ON t.id = u.task_id ${where} GROUP BY type, agent, direct`,
      )
      .all(params);
    const peak = db
      .prepare<typeof params, { hour: string }>(
        `SELECT strftime('%Y-%m-%dT%H:00:00Z', u.ts / 1000, 'unixepoch') AS hour FROM usage u ${where}
         GROUP BY hour ORDER BY SUM(u.input_tokens + u.output_tokens) DESC, hour LIMIT 1`,
      )
      .get(params);
    const byProvider = db.prepare<typeof params, { key: string; cost: number }>(`SELECT COALESCE(u.provider, 'unknown') AS key, COALESCE(SUM(u.cost_usd), 0) AS cost FROM usage u ${where} GROUP BY key`).all(params);
    const usageByType: Record<string, Sums> = {};
    for (const row of byType) {
      const key = row.type ?? (row.direct ? 'direct' : this.typeOfAgent(row.agent));
      const entry = (usageByType[key] ??= { input: 0, output: 0, cost: 0 });
      entry.input += row.input;
      entry.output += row.output;
      entry.cost += row.cost;
    }
    return {
      total_usage: asUsage(total),
      usage_by_model: Object.fromEntries(byModel.map((row) => [row.key, asUsage(row, row.key)])),
      usage_by_task_type: Object.fromEntries(Object.entries(usageByType).map(([key, value]) => [key, asUsage(value)])),
      peak_usage_time: peak?.hour ?? null,
      cost_breakdown: Object.fromEntries(byProvider.map((row) => [row.key, Math.round(row.cost * 1e6) / 1e6])),
      start_time: new Date(start).toISOString(),
      end_time: new Date(end).toISOString(),
    };
  }

  /** The ledger rows of a task (its model calls and reports), oldest first. */
  rowsOf(taskId: string) {
    return this.deps.ledger.forTask(taskId);
  }

  /** A task's type when it gave none: its agent's (a CLI adapter, `model:<adapter_type>`, `remote`). */
  private typeOfAgent(agentId: string | null): string {
    if (!agentId) return 'unknown';
    const kind = this.deps.agents.kindOf(agentId);
    if (!kind) return 'unknown';
    const agent = this.deps.agents.get(agentId);
    return kind === 'model' ? `model:${agent.model?.adapterType ?? 'generic'}` : agent.type;
  }
}
