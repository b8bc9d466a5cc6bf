import type { Db } from '../store/database.js';

export interface AgentTaskStats {
  taskCount: number;
  errorCount: number;
  /** Mean of the last 50 completed tasks, start to finish; null before the first. */
  responseTimeMs: number | null;
}

// One agent's tasks: a fan-out parent lists all its agents, so only single-agent rows count.
const perAgent = `FROM tasks, json_each(tasks.assigned_agents) WHERE json_array_length(tasks.assigned_agents) = 1`;
const durationMs = `(julianday(finished_at) - julianday(started_at)) * 86400000.0`;

/** Per-agent figures of the task store, for metrics and estimates. */
export class TaskStats {
  constructor(private readonly db: Db) {}

  all(): Map<string, AgentTaskStats> {
    const counts = this.db
      .prepare<[], { agent: string; tasks: number; errors: number }>(
        `SELECT value AS agent, COUNT(*) AS tasks, SUM(CASE WHEN status IN ('failed', 'timeout', 'interrupted') THEN 1 ELSE 0 END) AS errors
         ${perAgent} AND status IN ('completed', 'failed', 'cancelled', 'timeout', 'interrupted') GROUP BY value`,
      )
      .all();
    const times = this.db
      .prepare<[], { agent: string; ms: number }>(
        `SELECT agent, AVG(ms) AS ms FROM (
           SELECT value AS agent, ${durationMs} AS ms, ROW_NUMBER() OVER (PARTITION BY value ORDER BY finished_at DESC) AS n
           ${perAgent} AND status = 'completed' AND started_at IS NOT NULL AND finished_at IS NOT NULL)
         WHERE n <= 50 GROUP BY agent`,
      )
      .all();
    const stats = new Map<string, AgentTaskStats>();
    for (const row of counts) stats.set(row.agent, { taskCount: row.tasks, errorCount: row.errors, responseTimeMs: null });
    for (const row of times) {
      const entry = stats.get(row.agent) ?? { taskCount: 0, errorCount: 0, responseTimeMs: null };
      entry.responseTimeMs = Math.round(row.ms);
      stats.set(row.agent, entry);
    }
    return stats;
  }

  /** The median duration of the agent's last `count` completed tasks, or undefined before the first. */
  medianDurationMs(agentId: string, count = 20): number | undefined {
    const rows = this.db
      .prepare<[string, number], { ms: number }>(
        `SELECT ${durationMs} AS ms ${perAgent} AND value = ? AND status = 'completed' AND started_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?`,
      )
      .all(agentId, count)
      .map((row) => row.ms)
      .sort((a, b) => a - b);
    if (rows.length === 0) return undefined;
    const middle = Math.floor(rows.length / 2);
    return rows.length % 2 ? rows[middle]! : (rows[middle - 1]! + rows[middle]!) / 2;
  }
}
