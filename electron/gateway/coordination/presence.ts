import type { Db } from '../store/database.js';

export interface PresenceRecord {
  agentId: string;
  status: string | null;
  currentTasks: string[];
  protocolVersion: string | null;
  features: string[];
  initializedAt: string | null;
  lastHeartbeat: string | null;
}

interface Row {
  agent_id: string;
  status: string | null;
  current_tasks: string | null;
  protocol_version: string | null;
  features: string | null;
  initialized_at: string | null;
  last_heartbeat: string | null;
}

/** What agents said of themselves over JSON-RPC: their protocol version and features, and their last heartbeat. */
export class Presence {
  constructor(private readonly db: Db) {}

  initialized(agentId: string, protocolVersion: string, features: string[]): string {
    const at = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO agent_presence (agent_id, protocol_version, features, initialized_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(agent_id) DO UPDATE SET protocol_version = excluded.protocol_version, features = excluded.features, initialized_at = excluded.initialized_at`,
      )
      .run(agentId, protocolVersion, JSON.stringify(features), at);
    return at;
  }

  heartbeat(agentId: string, status: string, currentTasks: string[]): string {
    const at = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO agent_presence (agent_id, status, current_tasks, last_heartbeat) VALUES (?, ?, ?, ?)
         ON CONFLICT(agent_id) DO UPDATE SET status = excluded.status, current_tasks = excluded.current_tasks, last_heartbeat = excluded.last_heartbeat`,
      )
      .run(agentId, status, JSON.stringify(currentTasks), at);
    return at;
  }

  get(agentId: string): PresenceRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM agent_presence WHERE agent_id = ?').get(agentId);
    if (!row) return undefined;
    return {
      agentId: row.agent_id,
      status: row.status,
      currentTasks: row.current_tasks ? (JSON.parse(row.current_tasks) as string[]) : [],
      protocolVersion: row.protocol_version,
      features: row.features ? (JSON.parse(row.features) as string[]) : [],
      initializedAt: row.initialized_at,
      lastHeartbeat: row.last_heartbeat,
    };
  }
}
