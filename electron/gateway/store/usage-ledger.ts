import type { RequestFallback, UsagePoint, UsageTotals } from '../../../shared/contract/views.js';
import type { Db } from './database.js';

export type { UsagePoint };

export interface UsageRow {
  ts: number;
  client: string | null;
  inbound: string;
  requestedModel: string | null;
  provider: string | null;
  upstreamModel: string | null;
  status: number;
  error: string | null;
  latencyMs: number;
  ttfbMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  attempts: number;
  stream: boolean;
  /** The agent and task whose run made this call (task-scoped token), or that reported it. */
  agentId?: string | null;
  taskId?: string | null;
  /** Targets the chain passed by and why (out of balance, over budget…), `; `-separated. */
  skipped?: string | null;
  /** Every target the call moved past, and why (the request log). */
  fallbacks?: RequestFallback[] | null;
  /** Links the row to its bodies when `logging.bodies` kept them. */
  requestId?: string | null;
}

export const usageGroupBys = ['model', 'provider', 'day', 'agent', 'task'] as const;
export type UsageGroupBy = (typeof usageGroupBys)[number];

export type UsageTotal = UsageTotals;

const groupExpressions: Record<UsageGroupBy, string> = {
  model: "COALESCE(requested_model, '')",
  provider: "COALESCE(provider, '')",
  day: "strftime('%Y-%m-%d', ts / 1000, 'unixepoch')",
  agent: "COALESCE(agent_id, '')",
  task: "COALESCE(task_id, '')",
};

/**
 * The usage ledger. Rows are queued and written in one transaction per flush so that a
 * busy gateway pays one fsync-free batch insert per tick instead of one per call.
 */
export class UsageLedger {
  private pending: UsageRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(row: UsageRow) => void>();
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly flushEveryMs = 50,
  ) {
    this.insert = db.prepare(`
      INSERT INTO usage (ts, client, inbound, requested_model, provider, upstream_model, status, error,
        latency_ms, ttfb_ms, input_tokens, output_tokens, cached_tokens, cost_usd, attempts, stream, agent_id, task_id, skipped, fallbacks, request_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  /** Called with every row as it is recorded (before it is flushed): running totals stay exact without a query. */
  onRecord(listener: (row: UsageRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(row: UsageRow): void {
    // Queued first: a listener that flushes (a budget recount) must write this row too.
    this.pending.push(row);
    for (const listener of this.listeners) listener(row);
    if (this.pending.length >= 500) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushEveryMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      // Positional: binding by name (and a spread copy of each row) took a quarter more time.
      for (const r of rows) {
        this.insert.run(r.ts, r.client, r.inbound, r.requestedModel, r.provider, r.upstreamModel, r.status, r.error, r.latencyMs, r.ttfbMs,
          r.inputTokens, r.outputTokens, r.cachedTokens, r.costUsd, r.attempts, r.stream ? 1 : 0, r.agentId ?? null, r.taskId ?? null, r.skipped ?? null,
          r.fallbacks?.length ? JSON.stringify(r.fallbacks) : null, r.requestId ?? null);
      }
    })();
  }

  forTask(taskId: string): UsageRow[] {
    this.flush();
    return this.db
      .prepare<[string], Record<string, unknown>>('SELECT * FROM usage WHERE task_id = ? ORDER BY id')
      .all(taskId)
      .map(fromDbRow);
  }

  /** Tokens and cost per time bucket and key, for the usage chart. */
  series(by: 'model' | 'provider' | 'agent', bucket: 'hour' | 'day', sinceMs = 0): UsagePoint[] {
    this.flush();
    const format = bucket === 'hour' ? '%Y-%m-%dT%H:00' : '%Y-%m-%d';
    return this.db
      .prepare<[number], UsagePoint>(
        `SELECT strftime('${format}', ts / 1000, 'unixepoch') AS bucket, ${groupExpressions[by]} AS key,
           SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
           ROUND(SUM(cost_usd), 6) AS costUsd, COUNT(*) AS requests
         FROM usage WHERE ts >= ? GROUP BY bucket, key ORDER BY bucket, key`,
      )
      .all(sinceMs);
  }

  recent(limit = 100): UsageRow[] {
    this.flush();
    return this.db
      .prepare<[number], Record<string, unknown>>('SELECT * FROM usage ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map(fromDbRow);
  }

  totals(groupBy: UsageGroupBy, sinceMs = 0): UsageTotal[] {
    this.flush();
    const key = groupExpressions[groupBy];
    return this.db
      .prepare<[number], UsageTotal>(
        `SELECT ${key} AS key, COUNT(*) AS requests,
           SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
           SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
           SUM(cached_tokens) AS cachedTokens, ROUND(SUM(cost_usd), 6) AS costUsd
         FROM usage WHERE ts >= ? GROUP BY key ORDER BY key`,
      )
      .all(sinceMs);
  }
}

export function fromDbRow(row: Record<string, unknown>): UsageRow {
  return {
    ts: row.ts as number,
    client: row.client as string | null,
    inbound: row.inbound as string,
    requestedModel: row.requested_model as string | null,
    provider: row.provider as string | null,
    upstreamModel: row.upstream_model as string | null,
    status: row.status as number,
    error: row.error as string | null,
    latencyMs: row.latency_ms as number,
    ttfbMs: row.ttfb_ms as number | null,
    inputTokens: row.input_tokens as number,
    outputTokens: row.output_tokens as number,
    cachedTokens: row.cached_tokens as number,
    costUsd: row.cost_usd as number,
    attempts: row.attempts as number,
    stream: row.stream === 1,
    agentId: (row.agent_id as string | null) ?? null,
    taskId: (row.task_id as string | null) ?? null,
    skipped: (row.skipped as string | null) ?? null,
    fallbacks: row.fallbacks ? (JSON.parse(row.fallbacks as string) as RequestFallback[]) : null,
    requestId: (row.request_id as string | null | undefined) ?? null,
  };
}
