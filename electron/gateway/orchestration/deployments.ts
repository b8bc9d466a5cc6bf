import { randomUUID } from 'node:crypto';
import { validAgentSchema, type AgentConfig } from '../../../shared/schemas/agent.js';
import type { AgentPool } from '../agents/agent-registry.js';
import type { Db } from '../store/database.js';

export interface Deployment {
  id: string;
  /** The agent whose instances these are: the target itself, or the agent the deploy derived. */
  agentId: string;
  baseAgentId: string | null;
  templateId: string | null;
  /** The derived agent's full config; null for instances added to an existing agent. */
  derived: AgentConfig | null;
  scope: 'session' | 'global';
  sessionId: string | null;
  instanceCount: number;
  launchMode: 'manual' | 'orchestrator';
  config: Record<string, unknown>;
  createdAt: string;
}

interface Row {
  id: string;
  agent_id: string;
  base_agent_id: string | null;
  template_id: string | null;
  derived_config: string | null;
  scope: 'session' | 'global';
  session_id: string | null;
  instance_count: number;
  launch_mode: 'manual' | 'orchestrator';
  config: string;
  created_at: string;
}

const fromRow = (row: Row): Deployment => ({
  id: row.id,
  agentId: row.agent_id,
  baseAgentId: row.base_agent_id,
  templateId: row.template_id,
  // Parsed again: a config schema that moved on since must not hand the registry a stale shape.
  derived: row.derived_config ? validAgentSchema.parse(JSON.parse(row.derived_config)) : null,
  scope: row.scope,
  sessionId: row.session_id,
  instanceCount: row.instance_count,
  launchMode: row.launch_mode,
  config: JSON.parse(row.config) as Record<string, unknown>,
  createdAt: row.created_at,
});

/**
 * The resource pool: instances started by deploy, kept in SQLite so global ones outlive a
 * restart. Read on every registry lookup, so the list is cached and dropped on each change.
 */
export class DeploymentStore implements AgentPool {
  private cache: Deployment[] | undefined;

  constructor(private readonly db: Db) {}

  list(): Deployment[] {
    this.cache ??= this.db.prepare<[], Row>('SELECT * FROM agent_deployments ORDER BY created_at, rowid').all().map(fromRow);
    return this.cache;
  }

  add(input: Omit<Deployment, 'id' | 'createdAt'>): Deployment {
    const deployment: Deployment = { ...input, id: `dep_${randomUUID()}`, createdAt: new Date().toISOString() };
    this.db
      .prepare(
        `INSERT INTO agent_deployments (id, agent_id, base_agent_id, template_id, derived_config, scope, session_id, instance_count, launch_mode, config, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        deployment.id,
        deployment.agentId,
        deployment.baseAgentId,
        deployment.templateId,
        deployment.derived ? JSON.stringify(deployment.derived) : null,
        deployment.scope,
        deployment.sessionId,
        deployment.instanceCount,
        deployment.launchMode,
        JSON.stringify(deployment.config),
        deployment.createdAt,
      );
    this.cache = undefined;
    return deployment;
  }

  /** Ends deployments; returns those removed. */
  remove(match: (deployment: Deployment) => boolean): Deployment[] {
    const gone = this.list().filter(match);
    const statement = this.db.prepare('DELETE FROM agent_deployments WHERE id = ?');
    for (const deployment of gone) statement.run(deployment.id);
    if (gone.length) this.cache = undefined;
    return gone;
  }

  forAgent(agentId: string): Deployment[] {
    return this.list().filter((deployment) => deployment.agentId === agentId);
  }

  derived(): AgentConfig[] {
    return this.list().flatMap((deployment) => (deployment.derived ? [deployment.derived] : []));
  }

  extraSlots(agentId: string): number {
    // A derived agent's own maxConcurrent already is its instance count.
    return this.list().reduce((sum, deployment) => (deployment.agentId === agentId && !deployment.derived ? sum + deployment.instanceCount : sum), 0);
  }
}
