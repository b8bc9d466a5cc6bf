import type { PriceConfig } from '../../../shared/schemas/config.js';
import { costParts } from '../models/pricing.js';
import type { Db } from './database.js';
import type { UsageLedger, UsageTotal } from './usage-ledger.js';

export interface CostBreakdown {
  inputUsd: number;
  cachedInputUsd: number;
  outputUsd: number;
  /** Recorded cost no price explains (an agent that reported its own cost). */
  unattributedUsd: number;
  totalUsd: number;
}

export interface HourTotal {
  hour: string;
  requests: number;
  tokens: number;
  costUsd: number;
}

export interface UsageSummary {
  since: string;
  until: string;
  /** Days and hours are UTC, like `group_by=day`. */
  timezone: 'UTC';
  totals: Omit<UsageTotal, 'key'>;
  cost: CostBreakdown;
  byModel: UsageTotal[];
  byProvider: UsageTotal[];
  byAgent: UsageTotal[];
  byTask: UsageTotal[];
  byDay: UsageTotal[];
  /** The busiest clock hour of the period (by requests, then tokens). */
  peakHour: HourTotal | null;
  /** Requests per hour of the day, 00 to 23. */
  hourOfDay: HourTotal[];
}

const groups = {
  byModel: "COALESCE(requested_model, '')",
  byProvider: "COALESCE(provider, '')",
  byAgent: "COALESCE(agent_id, '')",
  byTask: "COALESCE(task_id, '')",
  byDay: "strftime('%Y-%m-%d', ts / 1000, 'unixepoch')",
} as const;

const totalsSql = `COUNT(*) AS requests, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
  COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
  COALESCE(SUM(cached_tokens), 0) AS cachedTokens, ROUND(COALESCE(SUM(cost_usd), 0), 6) AS costUsd`;

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** Totals, breakdowns, the peak hour and the cost split of a period of the usage ledger. */
export class UsageSummaries {
  constructor(
    private readonly db: Db,
    private readonly ledger: UsageLedger,
  ) {}

  summary(sinceMs: number, untilMs: number, prices: Record<string, PriceConfig>): UsageSummary {
    this.ledger.flush();
    const range = { since: sinceMs, until: untilMs };
    const where = 'WHERE ts >= @since AND ts < @until';
    const grouped = (expression: string) =>
      this.db.prepare<typeof range, UsageTotal>(`SELECT ${expression} AS key, ${totalsSql} FROM usage ${where} GROUP BY key ORDER BY costUsd DESC, key`).all(range);
    const hours = this.db
      .prepare<typeof range, HourTotal>(
        `SELECT strftime('%Y-%m-%dT%H:00Z', ts / 1000, 'unixepoch') AS hour, COUNT(*) AS requests,
           COALESCE(SUM(input_tokens + output_tokens), 0) AS tokens, ROUND(COALESCE(SUM(cost_usd), 0), 6) AS costUsd
         FROM usage ${where} GROUP BY hour ORDER BY requests DESC, tokens DESC, hour LIMIT 1`,
      )
      .get(range);
    const ofDay = this.db
      .prepare<typeof range, HourTotal>(
        `SELECT strftime('%H', ts / 1000, 'unixepoch') AS hour, COUNT(*) AS requests,
           COALESCE(SUM(input_tokens + output_tokens), 0) AS tokens, ROUND(COALESCE(SUM(cost_usd), 0), 6) AS costUsd
         FROM usage ${where} GROUP BY hour`,
      )
      .all(range);
    const byHour = new Map(ofDay.map((row) => [row.hour, row]));
    const totals = this.db.prepare<typeof range, Omit<UsageTotal, 'key'>>(`SELECT ${totalsSql} FROM usage ${where}`).get(range)!;
    return {
      since: new Date(sinceMs).toISOString(),
      until: new Date(untilMs).toISOString(),
      timezone: 'UTC',
      totals: { ...totals, errors: totals.errors ?? 0 },
      cost: this.breakdown(range, prices),
      byModel: grouped(groups.byModel),
      byProvider: grouped(groups.byProvider),
      byAgent: grouped(groups.byAgent),
      byTask: grouped(groups.byTask),
      byDay: grouped(groups.byDay).sort((a, b) => a.key.localeCompare(b.key)),
      peakHour: hours ?? null,
      hourOfDay: Array.from({ length: 24 }, (_, hour) => {
        const key = String(hour).padStart(2, '0');
        return byHour.get(key) ?? { hour: key, requests: 0, tokens: 0, costUsd: 0 };
      }),
    };
  }

  /**
   * Splits the recorded cost into input, cached input and output by the prices of each
   * model: the split follows today's prices, scaled so the parts add up to what was recorded.
   */
  private breakdown(range: { since: number; until: number }, prices: Record<string, PriceConfig>): CostBreakdown {
    const rows = this.db
      .prepare<typeof range, { model: string | null; requested: string | null; input: number; cached: number; output: number; cost: number }>(
        `SELECT upstream_model AS model, requested_model AS requested, SUM(input_tokens) AS input, SUM(cached_tokens) AS cached,
           SUM(output_tokens) AS output, SUM(cost_usd) AS cost
         FROM usage WHERE ts >= @since AND ts < @until GROUP BY upstream_model, requested_model`,
      )
      .all(range);
    const result: CostBreakdown = { inputUsd: 0, cachedInputUsd: 0, outputUsd: 0, unattributedUsd: 0, totalUsd: 0 };
    for (const row of rows) {
      result.totalUsd += row.cost;
      const parts = costParts({ inputTokens: row.input, cachedTokens: row.cached, outputTokens: row.output }, prices, row.model, row.requested);
      const priced = parts ? parts.input + parts.cachedInput + parts.output : 0;
      if (!parts || priced === 0) {
        result.unattributedUsd += row.cost;
        continue;
      }
      const scale = row.cost / priced;
      result.inputUsd += parts.input * scale;
      result.cachedInputUsd += parts.cachedInput * scale;
      result.outputUsd += parts.output * scale;
    }
    return { inputUsd: round(result.inputUsd), cachedInputUsd: round(result.cachedInputUsd), outputUsd: round(result.outputUsd), unattributedUsd: round(result.unattributedUsd), totalUsd: round(result.totalUsd) };
  }
}
