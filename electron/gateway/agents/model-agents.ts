import type { AgentInfo, ModelAgentDetails } from '../../../shared/schemas/agent.js';
import type { ModelAdapterType } from '../../../shared/schemas/rpc.js';
import type { Db } from '../store/database.js';
import type { AgentLoad } from './agent-registry.js';

/** An agent whose task is one model call through this gateway's own pipeline. */
export interface ModelAgentRecord {
  id: string;
  name: string;
  adapterType: ModelAdapterType;
  model: string | null;
  systemPrompt: string | null;
  temperature: number | null;
  maxTokens: number | null;
  capabilities: string[];
  maxConcurrent: number;
  enabled: boolean;
  createdAt: string;
}

/** What the registry asks of model agents: their records, and whether each can take a call now. */
export interface ModelAgentSource {
  list(): ModelAgentRecord[];
  get(id: string): ModelAgentRecord | undefined;
  /** Why the agent's model cannot be served now (no model, no route, every provider down), or undefined. */
  unavailableReason(record: ModelAgentRecord): string | undefined;
  setEnabled(id: string, enabled: boolean): void;
  remove(id: string): boolean;
}

/** Model agents in SQLite (registered over JSON-RPC), read through a small cache. */
export class ModelAgents implements ModelAgentSource {
  private cache: Map<string, ModelAgentRecord> | undefined;

  constructor(
    private readonly db: Db,
    /** Why a model agent's model cannot be served now (no model, no route, every provider down). */
    private readonly availability: (record: ModelAgentRecord) => string | undefined,
  ) {}

  unavailableReason(record: ModelAgentRecord): string | undefined {
    return this.availability(record);
  }

  list(): ModelAgentRecord[] {
    return [...this.all().values()];
  }

  get(id: string): ModelAgentRecord | undefined {
    return this.all().get(id);
  }

  save(record: ModelAgentRecord): void {
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO model_agents (id, config, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at')
      .run(record.id, JSON.stringify(record), record.createdAt, now);
    this.cache = undefined;
  }

  setEnabled(id: string, enabled: boolean): void {
    const record = this.get(id);
    if (record && record.enabled !== enabled) this.save({ ...record, enabled });
  }

  remove(id: string): boolean {
    this.cache = undefined;
    return this.db.prepare('DELETE FROM model_agents WHERE id = ?').run(id).changes > 0;
  }

  private all(): Map<string, ModelAgentRecord> {
    this.cache ??= new Map(
      this.db
        .prepare<[], { config: string }>('SELECT config FROM model_agents ORDER BY created_at, id')
        .all()
        .map((row) => {
          const record = JSON.parse(row.config) as ModelAgentRecord;
          return [record.id, record];
        }),
    );
    return this.cache;
  }
}

export const modelDetails = (record: ModelAgentRecord): ModelAgentDetails => ({
  adapterType: record.adapterType,
  model: record.model,
  systemPrompt: record.systemPrompt,
  temperature: record.temperature,
  maxTokens: record.maxTokens,
});

/** A model agent in the registry's shape: online while its model can be served (busy at its limit). */
export function modelAgentInfo(record: ModelAgentRecord, load: AgentLoad, unavailable: string | undefined): AgentInfo {
  const running = load.running(record.id);
  return {
    id: record.id,
    name: record.name,
    kind: 'model',
    type: 'model',
    adapter: 'model',
    capabilities: record.capabilities,
    endpoint: null,
    state: !record.enabled ? 'disabled' : unavailable ? 'offline' : running >= record.maxConcurrent ? 'busy' : 'online',
    version: null,
    path: null,
    detectError: record.enabled ? (unavailable ?? null) : null,
    running,
    queued: load.queued(record.id),
    maxConcurrent: record.maxConcurrent,
    enabled: record.enabled,
    source: 'registered',
    detectedAt: record.createdAt,
    model: modelDetails(record),
  };
}
