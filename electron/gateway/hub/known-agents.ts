import type { AgentCard } from '../../../shared/schemas/hub.js';
import type { Db } from '../store/database.js';

export interface KnownAgent {
  id: string;
  name: string;
  capabilities: string[];
  maxConcurrent: number;
  card: AgentCard | null;
  lastSeenAt: string;
}

/**
 * The remote agents the hub has seen, kept across restarts: after one they are listed as
 * offline until they reconnect, and tasks queued for them wait for them instead of failing.
 */
export class KnownAgents {
  constructor(private readonly db: Db) {}

  load(): KnownAgent[] {
    return this.db
      .prepare<[], { id: string; name: string; capabilities: string; max_concurrent: number; card: string | null; last_seen_at: string }>('SELECT * FROM hub_agents ORDER BY last_seen_at')
      .all()
      .map((row) => ({ id: row.id, name: row.name, capabilities: JSON.parse(row.capabilities) as string[], maxConcurrent: row.max_concurrent, card: row.card ? (JSON.parse(row.card) as AgentCard) : null, lastSeenAt: row.last_seen_at }));
  }

  save(agent: KnownAgent): void {
    this.db
      .prepare(
        `INSERT INTO hub_agents (id, name, capabilities, max_concurrent, card, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, capabilities = excluded.capabilities, max_concurrent = excluded.max_concurrent, card = excluded.card, last_seen_at = excluded.last_seen_at`,
      )
      .run(agent.id, agent.name, JSON.stringify(agent.capabilities), agent.maxConcurrent, agent.card ? JSON.stringify(agent.card) : null, agent.lastSeenAt);
  }

  forget(id: string): void {
    this.db.prepare('DELETE FROM hub_agents WHERE id = ?').run(id);
  }
}
