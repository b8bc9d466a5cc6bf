import { metricTypes, type AgentMetrics, type AgentStatus, type MetricsConfig, type MetricType } from '../../../shared/schemas/monitor.js';
import type { Db } from '../store/database.js';

export interface MetricsQuery {
  agentId?: string;
  startMs?: number;
  endMs?: number;
  types?: MetricType[];
  aggregation?: 'avg' | 'max' | 'min' | 'sum';
  /** Seconds per bucket: one sample per agent and bucket, its values aggregated (avg by default). */
  interval?: number;
  limit: number;
}

type Row = { agent_id: string; ts: number; status: AgentStatus } & Record<MetricType, number | null>;

const columns = metricTypes.join(', ');

/** Agent metrics samples in SQLite, kept for `metrics.retentionHours` and at most `metrics.maxSamples`. */
export class MetricStore {
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly config: () => MetricsConfig,
  ) {
    this.insert = db.prepare(
      `INSERT INTO agent_metrics (agent_id, ts, status, ${columns}, source, additional_data)
       VALUES (@agent_id, @ts, @status, ${metricTypes.map((type) => `@${type}`).join(', ')}, @source, @additional_data)`,
    );
  }

  /** Writes samples in one transaction and drops what is past retention. */
  add(samples: AgentMetrics[], source: 'sampled' | 'reported', additional?: Record<string, unknown>): void {
    this.db.transaction(() => {
      for (const sample of samples) {
        this.insert.run({ ...sample, ts: Date.parse(sample.timestamp), source, additional_data: additional ? JSON.stringify(additional) : null });
      }
    })();
    this.prune();
  }

  /** Whether a sample at this time would be kept (younger than retention). */
  retains(timestampMs: number): boolean {
    return timestampMs >= Date.now() - this.config().retentionHours * 3_600_000;
  }

  query(query: MetricsQuery): { metrics: Partial<AgentMetrics>[]; aggregated?: Record<string, number>; total_count: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.agentId) {
      where.push('agent_id = @agentId');
      params.agentId = query.agentId;
    }
    if (query.startMs !== undefined) {
      where.push('ts >= @start');
      params.start = query.startMs;
    }
    if (query.endMs !== undefined) {
      where.push('ts <= @end');
      params.end = query.endMs;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM agent_metrics ${clause}`).get(params) as { n: number }).n;
    const types = query.types ?? [...metricTypes];
    // The newest `limit` samples, returned oldest first.
    const rows = this.db
      .prepare<Record<string, unknown>, Row>(`SELECT * FROM (SELECT id, agent_id, ts, status, ${columns} FROM agent_metrics ${clause} ORDER BY ts DESC, id DESC LIMIT @limit) ORDER BY ts, agent_id, id`)
      .all({ ...params, limit: query.interval ? 1_000_000 : query.limit });
    const samples = query.interval ? bucket(rows, query.interval * 1_000, query.aggregation ?? 'avg').slice(-query.limit) : rows;
    const metrics = samples.map((row) => ({
      agent_id: row.agent_id,
      timestamp: new Date(row.ts).toISOString(),
      status: row.status,
      ...Object.fromEntries(types.map((type) => [type, row[type]])),
    }));
    if (!query.aggregation) return { metrics, total_count: total };
    const aggregated = Object.fromEntries(types.flatMap((type) => {
      const value = aggregate(rows.map((row) => row[type]), query.aggregation!);
      return value === null ? [] : [[type, value]];
    }));
    return { metrics, aggregated, total_count: total };
  }

  private prune(): void {
    const { retentionHours, maxSamples } = this.config();
    this.db.prepare('DELETE FROM agent_metrics WHERE ts < ?').run(Date.now() - retentionHours * 3_600_000);
    this.db.prepare('DELETE FROM agent_metrics WHERE id <= (SELECT id FROM agent_metrics ORDER BY id DESC LIMIT 1 OFFSET ?)').run(maxSamples);
  }
}

/** Nulls (figures the platform could not give) are left out; all-null stays null. */
export function aggregate(values: (number | null)[], how: 'avg' | 'max' | 'min' | 'sum'): number | null {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return null;
  const sum = known.reduce((total, value) => total + value, 0);
  const result = how === 'sum' ? sum : how === 'avg' ? sum / known.length : how === 'max' ? Math.max(...known) : Math.min(...known);
  return Math.round(result * 1_000) / 1_000;
}

function bucket(rows: Row[], widthMs: number, how: 'avg' | 'max' | 'min' | 'sum'): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.agent_id}\u0000${Math.floor(row.ts / widthMs) * widthMs}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()]
    .map((group) => ({
      agent_id: group[0]!.agent_id,
      ts: Math.floor(group[0]!.ts / widthMs) * widthMs,
      status: group.at(-1)!.status,
      ...(Object.fromEntries(metricTypes.map((type) => [type, aggregate(group.map((row) => row[type]), how)])) as Record<MetricType, number | null>),
    }))
    .sort((a, b) => a.ts - b.ts || (a.agent_id < b.agent_id ? -1 : 1));
}
