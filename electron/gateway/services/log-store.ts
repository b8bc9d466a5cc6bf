import { serviceLogLevels, type ServiceLogLevel } from '../../../shared/schemas/services.js';
import type { Db } from '../store/database.js';
import { levelRank, parseLogLine } from './log-level.js';

export interface ServiceLogEntry {
  id: number;
  service_id: string;
  timestamp: string;
  level: ServiceLogLevel;
  stream: 'stdout' | 'stderr';
  message: string;
}

type Row = Omit<ServiceLogEntry, 'timestamp'> & { ts: string };
const toEntry = ({ ts, ...row }: Row): ServiceLogEntry => ({ ...row, timestamp: ts });
/** Retention is enforced every this many lines per service, not on each one. */
const PRUNE_EVERY = 256;

/** Services' output lines, redacted, with a guessed level; the newest `keep` per service; FTS5 for search. */
export class ServiceLogStore {
  private readonly insert;
  private readonly sinceprune = new Map<string, number>();
  private readonly listeners = new Set<(entry: ServiceLogEntry) => void>();

  constructor(
    private readonly db: Db,
    private readonly keep: () => number,
    private readonly redact: (text: string) => string,
  ) {
    this.insert = db.prepare('INSERT INTO service_logs (service_id, ts, level, stream, message) VALUES (?, ?, ?, ?, ?)');
  }

  add(serviceId: string, stream: 'stdout' | 'stderr', line: string): ServiceLogEntry {
    const parsed = parseLogLine(this.redact(line));
    const timestamp = new Date().toISOString();
    const id = Number(this.insert.run(serviceId, timestamp, parsed.level, stream, parsed.message).lastInsertRowid);
    const count = (this.sinceprune.get(serviceId) ?? 0) + 1;
    this.sinceprune.set(serviceId, count % PRUNE_EVERY);
    if (count >= PRUNE_EVERY) this.prune(serviceId);
    const entry: ServiceLogEntry = { id, service_id: serviceId, timestamp, level: parsed.level, stream, message: parsed.message };
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Called with every new line (live tail). */
  subscribe(listener: (entry: ServiceLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At `level` or above, newer than `since`, the newest `limit` returned oldest first. */
  list(serviceId: string, options: { level?: ServiceLogLevel; limit: number; since?: string; afterId?: number }): ServiceLogEntry[] {
    const levels = serviceLogLevels.filter((level) => levelRank[level] >= levelRank[options.level ?? 'debug']);
    const rows = this.db
      .prepare<unknown[], Row>(
        `SELECT * FROM (SELECT * FROM service_logs WHERE service_id = ? AND level IN (${levels.map(() => '?').join(', ')}) AND ts >= ? AND id > ? ORDER BY id DESC LIMIT ?) ORDER BY id`,
      )
      .all(serviceId, ...levels, options.since ?? '', options.afterId ?? 0, options.limit);
    return rows.map(toEntry);
  }

  /** Full-text search (FTS5 syntax; a plain phrase when the query is not valid FTS5), newest first. */
  search(query: string, options: { serviceId?: string; limit: number }): ServiceLogEntry[] {
    const run = (match: string) =>
      this.db
        .prepare<unknown[], Row>(
          `SELECT l.* FROM service_logs_fts f JOIN service_logs l ON l.id = f.rowid WHERE service_logs_fts MATCH ? ${options.serviceId ? 'AND l.service_id = ?' : ''} ORDER BY l.id DESC LIMIT ?`,
        )
        .all(match, ...(options.serviceId ? [options.serviceId] : []), options.limit)
        .map(toEntry);
    try {
      return run(query);
    } catch {
      return run(`"${query.replaceAll('"', '""')}"`);
    }
  }

  private prune(serviceId: string): void {
    this.db.prepare('DELETE FROM service_logs WHERE service_id = ? AND id <= (SELECT id FROM service_logs WHERE service_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)').run(serviceId, serviceId, this.keep());
  }
}
