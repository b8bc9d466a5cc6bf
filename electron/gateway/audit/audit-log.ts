import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActorKind, AuditEntry } from '../../../shared/schemas/monitor.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Identity } from '../http/guards.js';
import type { Db } from '../store/database.js';

export interface Actor {
  kind: ActorKind;
  name: string;
}

/** Who a request's identity is, for the audit log. */
export function actorOf(identity: (Identity & { session?: boolean }) | undefined): Actor {
  if (identity?.session) return { kind: 'session', name: 'ui session' };
  if (identity?.agentId) return { kind: 'agent', name: `agent ${identity.agentId}${identity.tokenId ? ` (${identity.tokenId})` : ''}` };
  if (identity?.taskId) return { kind: 'task', name: `task ${identity.taskId}` };
  return { kind: 'management', name: 'management token' };
}

const retained = 100_000;

/**
 * Every state-changing call on every face, with who made it (management token, task token,
 * agent token, UI session, the desktop app), what, on what, and how it ended. Request bodies
 * are never stored: they may hold prompts and keys.
 */
export class AuditLog {
  /** The caller of the UI contract method running now (the HTTP face sets it; IPC calls have none: the desktop app). */
  readonly callers = new AsyncLocalStorage<Actor>();
  private readonly insert;
  private writes = 0;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus<GatewayEvents>,
  ) {
    this.insert = db.prepare('INSERT INTO audit_log (ts, actor_kind, actor, face, action, target, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  record(entry: { actor: Actor; face: string; action: string; target?: string | null; outcome: string }): void {
    const info = this.insert.run(new Date().toISOString(), entry.actor.kind, entry.actor.name, entry.face, entry.action, entry.target ?? null, entry.outcome);
    // Pruned now and then, not on every write.
    if (++this.writes % 1_000 === 0) this.db.prepare('DELETE FROM audit_log WHERE id <= ?').run(Number(info.lastInsertRowid) - retained);
    this.bus.emit('audit.recorded', { id: Number(info.lastInsertRowid), action: entry.action });
  }

  list(filter: { limit: number; beforeId?: number; actorKind?: ActorKind; face?: string }): { entries: AuditEntry[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    if (filter.beforeId !== undefined) {
      where.push('id < @beforeId');
      params.beforeId = filter.beforeId;
    }
    if (filter.actorKind) {
      where.push('actor_kind = @actorKind');
      params.actorKind = filter.actorKind;
    }
    if (filter.face) {
      where.push('face = @face');
      params.face = filter.face;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${clause}`).get(params) as { n: number }).n;
    const entries = this.db.prepare<Record<string, unknown>, AuditEntry>(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit`).all(params);
    return { entries, total };
  }
}
