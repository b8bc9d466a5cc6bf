import type { ServicesConfig } from '../../../shared/schemas/services.js';
import type { Logger } from '../log/logger.js';
import { groupMembers, processUsage, type ProcessUsage } from '../metrics/process-usage.js';
import type { Db } from '../store/database.js';
import type { ServiceManager } from './service-manager.js';

export const timeseriesMetrics = ['connections', 'sessions', 'messages', 'errors', 'cpu', 'memory', 'response_time'] as const;
export type TimeseriesMetric = (typeof timeseriesMetrics)[number];

const column: Record<TimeseriesMetric, string> = {
  connections: 'connections', sessions: 'sessions', messages: 'messages', errors: 'errors', cpu: 'cpu_percent', memory: 'memory_mb', response_time: 'response_time_ms',
};
/** Counts per sample add up within a bucket; gauges are averaged. */
const summed = new Set<TimeseriesMetric>(['messages', 'errors']);

/**
 * Samples every running service on `services.sampleIntervalS` with the metrics sampler's
 * process reading (CPU and memory of its whole process group) and the proxy's counters, into
 * `service_metrics` for /stats/timeseries; the latest reading per service is kept for details.
 */
export class ServiceSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly latest = new Map<string, ProcessUsage>();
  private readonly lastCounts = new Map<string, { messages: number; errors: number }>();

  constructor(
    private readonly db: Db,
    private readonly manager: ServiceManager,
    private readonly config: () => ServicesConfig,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const seconds = this.config().sampleIntervalS;
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.logger.warn('service sampling failed', { error: String(error) })), seconds * 1_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  usage(serviceId: string): ProcessUsage | undefined {
    return this.latest.get(serviceId);
  }

  async tick(): Promise<void> {
    const now = Date.now();
    const insert = this.db.prepare(
      'INSERT INTO service_metrics (service_id, ts, connections, sessions, messages, errors, cpu_percent, memory_mb, response_time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const runtime of this.manager.list()) {
      const usage = runtime.pid ? await processUsage(groupMembers(runtime.pid)) : { cpuPercent: null, memoryMb: null, diskIoKb: null };
      this.latest.set(runtime.id, usage);
      if (runtime.status !== 'running') continue;
      const counters = this.manager.connections.counter(runtime.id);
      const before = this.lastCounts.get(runtime.id) ?? { messages: 0, errors: 0 };
      this.lastCounts.set(runtime.id, { messages: counters.messages, errors: counters.error_count });
      insert.run(
        runtime.id, now, this.manager.connections.activeCount(runtime.id), this.manager.connections.activeSessions(runtime.id),
        counters.messages - before.messages, counters.error_count - before.errors, usage.cpuPercent, usage.memoryMb, runtime.health?.response_time_ms ?? null,
      );
    }
    this.db.prepare('DELETE FROM service_metrics WHERE ts < ?').run(now - this.config().retentionHours * 3_600_000);
  }

  /** One value per interval over the period: per service when given, else the sum over services. */
  timeseries(metric: TimeseriesMetric, periodMs: number, intervalMs: number, serviceId?: string): { timestamp: string; value: number }[] {
    const since = Date.now() - periodMs;
    const how = summed.has(metric) ? 'SUM' : 'AVG';
    const rows = this.db
      .prepare<unknown[], { bucket: number; service_id: string; value: number | null }>(
        `SELECT (ts / ?) * ? AS bucket, service_id, ${how}(${column[metric]}) AS value FROM service_metrics
         WHERE ts >= ? ${serviceId ? 'AND service_id = ?' : ''} GROUP BY bucket, service_id ORDER BY bucket`,
      )
      .all(intervalMs, intervalMs, since, ...(serviceId ? [serviceId] : []));
    const buckets = new Map<number, number>();
    for (const row of rows) if (row.value !== null) buckets.set(row.bucket, (buckets.get(row.bucket) ?? 0) + row.value);
    return [...buckets].map(([bucket, value]) => ({ timestamp: new Date(bucket).toISOString(), value: Math.round(value * 100) / 100 }));
  }

  /** Messages through the proxy per minute over the last `windowMs`. */
  throughputPerMinute(windowMs = 300_000): number {
    const row = this.db.prepare<[number], { total: number | null }>('SELECT SUM(messages) AS total FROM service_metrics WHERE ts >= ?').get(Date.now() - windowMs);
    return Math.round(((row?.total ?? 0) / (windowMs / 60_000)) * 100) / 100;
  }
}
