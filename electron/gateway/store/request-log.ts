import type { RequestBodies, RequestLogEntry } from '../../../shared/contract/views.js';
import type { RequestQuery, RequestStatusFilter } from '../../../shared/schemas/request-log.js';
import type { Db } from './database.js';
import { fromDbRow, type UsageLedger } from './usage-ledger.js';

const statusClauses: Record<Exclude<RequestStatusFilter, number>, string> = {
  ok: 'status < 400',
  error: 'status >= 400',
  '2xx': 'status BETWEEN 200 AND 299',
  '4xx': 'status BETWEEN 400 AND 499',
  '5xx': 'status BETWEEN 500 AND 599',
};

/**
 * The request log: every model call the gateway served, read from the usage ledger (rows an
 * agent's own report wrote are not calls and stay out), and the bodies `logging.bodies` kept.
 */
export class RequestLog {
  constructor(
    private readonly db: Db,
    private readonly ledger: UsageLedger,
  ) {}

  list(query: RequestQuery): RequestLogEntry[] {
    this.ledger.flush();
    const where = ["inbound != 'agent'"];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.before !== undefined) {
      where.push('id < @before');
      params.before = query.before;
    }
    if (query.after !== undefined) {
      where.push('id > @after');
      params.after = query.after;
    }
    if (typeof query.status === 'number') {
      where.push('status = @status');
      params.status = query.status;
    } else if (query.status) where.push(statusClauses[query.status]);
    if (query.provider) {
      where.push('provider = @provider');
      params.provider = query.provider;
    }
    if (query.model) {
      where.push('(requested_model = @model OR upstream_model = @model)');
      params.model = query.model;
    }
    if (query.task) {
      where.push('task_id = @task');
      params.task = query.task;
    }
    const order = query.after !== undefined ? 'ASC' : 'DESC';
    return this.db
      .prepare<Record<string, unknown>, Record<string, unknown>>(
        `SELECT usage.*, (SELECT COUNT(*) FROM request_bodies WHERE request_bodies.request_id = usage.request_id) AS has_bodies
         FROM usage WHERE ${where.join(' AND ')} ORDER BY id ${order} LIMIT @limit`,
      )
      .all(params)
      .map(entryOf);
  }

  get(id: number): (RequestLogEntry & { bodies: RequestBodies | null }) | undefined {
    this.ledger.flush();
    const row = this.db.prepare<[number], Record<string, unknown>>("SELECT usage.*, 0 AS has_bodies FROM usage WHERE id = ? AND inbound != 'agent'").get(id);
    if (!row) return undefined;
    const bodies = row.request_id
      ? this.db.prepare<[string], RequestBodies>('SELECT request, response FROM request_bodies WHERE request_id = ?').get(row.request_id as string)
      : undefined;
    return { ...entryOf({ ...row, has_bodies: bodies ? 1 : 0 }), bodies: bodies ?? null };
  }

  /** Keeps one call's bodies (already redacted and cut), dropping the oldest beyond `keep`. */
  keepBodies(requestId: string, ts: number, bodies: RequestBodies, keep: number): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO request_bodies (request_id, ts, request, response) VALUES (?, ?, ?, ?)').run(requestId, ts, bodies.request, bodies.response);
      this.db.prepare('DELETE FROM request_bodies WHERE rowid <= (SELECT rowid FROM request_bodies ORDER BY rowid DESC LIMIT 1 OFFSET ?)').run(keep);
    })();
  }
}

function entryOf(row: Record<string, unknown>): RequestLogEntry {
  const usage = fromDbRow(row);
  // Rows written before the log kept fallbacks still name the targets their chain passed by.
  const fallbacks = usage.fallbacks ?? (usage.skipped ? usage.skipped.split('; ').map(skippedFallback) : []);
  return {
    id: row.id as number,
    ts: usage.ts,
    client: usage.client,
    inbound: usage.inbound,
    requestedModel: usage.requestedModel,
    provider: usage.provider,
    upstreamModel: usage.upstreamModel,
    fallbacks,
    status: usage.status,
    error: usage.error,
    latencyMs: usage.latencyMs,
    ttfbMs: usage.ttfbMs,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedTokens: usage.cachedTokens,
    costUsd: usage.costUsd,
    attempts: usage.attempts,
    stream: usage.stream,
    agentId: usage.agentId ?? null,
    taskId: usage.taskId ?? null,
    hasBodies: Boolean(row.has_bodies),
  };
}

function skippedFallback(entry: string) {
  const colon = entry.indexOf(': ');
  return colon === -1 ? { provider: entry, model: null, reason: 'passed by' } : { provider: entry.slice(0, colon), model: null, reason: entry.slice(colon + 2) };
}
