import type { HealthStatus } from '../../../shared/schemas/services.js';
import type { Db } from '../store/database.js';

export interface HealthCheck {
  status: HealthStatus;
  timestamp: string;
  response_time_ms: number | null;
  error: string | null;
}

/** Every health check of every service, the newest `keep` per service. */
export class HealthStore {
  constructor(
    private readonly db: Db,
    private readonly keep: () => number,
  ) {}

  add(serviceId: string, check: HealthCheck): void {
    this.db.prepare('INSERT INTO service_health (service_id, ts, status, response_time_ms, error) VALUES (?, ?, ?, ?, ?)').run(serviceId, check.timestamp, check.status, check.response_time_ms, check.error);
    this.db
      .prepare('DELETE FROM service_health WHERE service_id = ? AND id <= (SELECT id FROM service_health WHERE service_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)')
      .run(serviceId, serviceId, this.keep());
  }

  /** Newest first. */
  history(serviceId: string, limit: number): HealthCheck[] {
    return this.db
      .prepare<[string, number], { ts: string; status: HealthStatus; response_time_ms: number | null; error: string | null }>(
        'SELECT ts, status, response_time_ms, error FROM service_health WHERE service_id = ? ORDER BY id DESC LIMIT ?',
      )
      .all(serviceId, limit)
      .map((row) => ({ status: row.status, timestamp: row.ts, response_time_ms: row.response_time_ms, error: row.error }));
  }

  last(serviceId: string): HealthCheck | undefined {
    return this.history(serviceId, 1)[0];
  }
}
