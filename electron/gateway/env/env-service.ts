import { createHash, randomUUID } from 'node:crypto';
import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import { ALL_AGENTS, envVariablesSchema, NO_PRESET, type ActiveEnvView, type EnvPresetView, type EnvSnapshot } from '../../../shared/schemas/env-presets.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { looksSecret } from '../config/config-secrets.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import { MASK } from '../log/redactor.js';
import type { Db } from '../store/database.js';
import { canonicalJson } from './canonical-json.js';
import { SecretBox } from './secret-box.js';

interface ActiveRow {
  agent_id: string;
  preset: string;
  variables: string;
  switched_at: string;
}

interface SnapshotRow {
  id: string;
  agent_id: string;
  ts: string;
  preset: string;
  variables: string;
  description: string | null;
  checksum: string;
}

export interface EnvServiceDeps {
  db: Db;
  config: () => GatewayConfig;
  agents: AgentRegistry;
  bus: EventBus<GatewayEvents>;
  box: SecretBox;
  /** Secret values given at a switch are masked in logs and task output from then on. */
  addSecret(value: string): void;
}

export const checksumOf = (agentId: string, preset: string, stored: Record<string, string>) =>
  createHash('sha256').update(canonicalJson({ agent_id: agentId, preset_name: preset, variables: stored })).digest('hex');

/**
 * Env presets: which preset (and extra variables) each agent this gateway spawns runs its next
 * task with, snapshots of that state with a checksum, and rollback. Only the agents' spawn
 * environment changes: never the user's shell nor a CLI's own login files. Secret values are
 * sealed (secret-box.ts) in the database and read `***` in every answer.
 */
export class EnvService {
  constructor(private readonly deps: EnvServiceDeps) {}

  presets(): EnvPresetView[] {
    return Object.entries(this.deps.config().presets).map(([name, preset]) => ({
      name,
      description: preset.description ?? null,
      variables: mask(preset.variables),
      routeModelsThroughGateway: preset.routeModelsThroughGateway ?? null,
    }));
  }

  /** The `*` default and every agent but the remote ones, with what each runs with. */
  active(): ActiveEnvView[] {
    const rows = new Map(this.rows().map((row) => [row.agent_id, row]));
    const view = (agentId: string): ActiveEnvView => {
      const own = rows.get(agentId);
      const row = own ?? rows.get(ALL_AGENTS);
      return { agent_id: agentId, preset: row?.preset ?? NO_PRESET, overrides: row ? mask(this.open(JSON.parse(row.variables))) : {}, switched_at: row?.switched_at ?? null, inherited: !own && agentId !== ALL_AGENTS && Boolean(row) };
    };
    const agents = this.deps.agents.list().filter((agent) => agent.kind !== 'remote').map((agent) => agent.id);
    return [ALL_AGENTS, ...agents].map(view);
  }

  switch(input: { agentId?: string; preset: string; variables?: Record<string, unknown>; createSnapshot?: boolean }) {
    const scope = this.scope(input.agentId);
    const checked = envVariablesSchema.safeParse(input.variables ?? {});
    if (!checked.success) throw new HttpError(400, 'ENV_INVALID', `Environment validation failed: ${checked.error.issues.map((issue) => `variables${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`).join('; ')}`);
    const preset = this.deps.config().presets[input.preset];
    if (!preset) throw new HttpError(404, 'PRESET_NOT_FOUND', `No env preset '${input.preset}' (presets: ${Object.keys(this.deps.config().presets).join(', ') || 'none configured'})`);
    const previous = this.row(scope);
    const snapshot = input.createSnapshot ? this.snapshot({ agentId: input.agentId, description: `before switching to ${input.preset}` }) : undefined;
    const switchedAt = new Date().toISOString();
    this.write(scope, input.preset, checked.data, switchedAt);
    const result = { previous_preset: previous?.preset ?? NO_PRESET, current_preset: input.preset, ...(snapshot ? { snapshot_id: snapshot.snapshot_id } : {}), switched_at: switchedAt };
    this.deps.bus.emit('env.switched', { agent_id: scope, previous_preset: result.previous_preset, current_preset: input.preset, snapshot_id: snapshot?.snapshot_id ?? null, rolled_back: false });
    return result;
  }

  snapshot(input: { agentId?: string; snapshotId?: string; description?: string }): EnvSnapshot {
    const scope = this.scope(input.agentId);
    const id = input.snapshotId ?? `snap_${randomUUID()}`;
    if (this.snapshotRow(id)) throw new HttpError(409, 'SNAPSHOT_EXISTS', `A snapshot '${id}' already exists; choose another snapshot_id`);
    const row = this.row(scope);
    const preset = row?.preset ?? NO_PRESET;
    // The effective variables: the preset's as configured now, then those given at the switch.
    const effective = { ...(preset === NO_PRESET ? {} : (this.deps.config().presets[preset]?.variables ?? {})), ...(row ? this.open(JSON.parse(row.variables)) : {}) };
    const stored = this.seal(effective);
    const snapshot: SnapshotRow = { id, agent_id: scope, ts: new Date().toISOString(), preset, variables: JSON.stringify(stored), description: input.description ?? null, checksum: checksumOf(scope, preset, stored) };
    this.deps.db
      .prepare('INSERT INTO env_snapshots (id, agent_id, ts, preset, variables, description, checksum) VALUES (@id, @agent_id, @ts, @preset, @variables, @description, @checksum)')
      .run(snapshot);
    return view(snapshot, effective);
  }

  rollback(input: { snapshotId: string; force?: boolean }) {
    const row = this.snapshotRow(input.snapshotId);
    if (!row) throw new HttpError(404, 'SNAPSHOT_NOT_FOUND', `No snapshot '${input.snapshotId}'`);
    const stored = JSON.parse(row.variables) as Record<string, string>;
    const intact = checksumOf(row.agent_id, row.preset, stored) === row.checksum;
    if (!intact && !input.force) throw new HttpError(409, 'ROLLBACK_FAILED', `Snapshot '${row.id}' does not match its checksum (it was altered); pass force to roll back anyway`);
    let variables: Record<string, string>;
    try {
      variables = this.open(stored);
    } catch {
      throw new HttpError(409, 'ROLLBACK_FAILED', `Snapshot '${row.id}' holds secrets this gateway cannot decrypt (its env-secrets.key changed)`);
    }
    if (row.agent_id !== ALL_AGENTS) this.scope(row.agent_id);
    const previous = this.row(row.agent_id);
    const rolledBackAt = new Date().toISOString();
    if (row.preset === NO_PRESET && Object.keys(variables).length === 0) this.deps.db.prepare('DELETE FROM env_active WHERE agent_id = ?').run(row.agent_id);
    else this.write(row.agent_id, row.preset, variables, rolledBackAt);
    this.deps.bus.emit('env.switched', { agent_id: row.agent_id, previous_preset: previous?.preset ?? NO_PRESET, current_preset: row.preset, snapshot_id: row.id, rolled_back: true });
    return { snapshot: view(row, variables), rolled_back_at: rolledBackAt };
  }

  listSnapshots(agentId?: string): { snapshots: EnvSnapshot[]; total_count: number } {
    const rows = agentId
      ? this.deps.db.prepare<[string], SnapshotRow>('SELECT * FROM env_snapshots WHERE agent_id = ? ORDER BY ts DESC, rowid DESC').all(agentId)
      : this.deps.db.prepare<[], SnapshotRow>('SELECT * FROM env_snapshots ORDER BY ts DESC, rowid DESC').all();
    const snapshots = rows.map((row) => view(row, maskStored(JSON.parse(row.variables) as Record<string, string>)));
    return { snapshots, total_count: snapshots.length };
  }

  /** Forgets the agent's own preset (a restart without preserve_state): it runs with the `*` default again. */
  reset(agentId: string): void {
    this.deps.db.prepare('DELETE FROM env_active WHERE agent_id = ?').run(agentId);
  }

  /** The variables the agent's next task gets from its preset (its own, else the `*` default), in clear. */
  variablesFor(agentId: string): { preset: string; variables: Record<string, string>; routeModelsThroughGateway?: boolean } | undefined {
    const row = this.row(agentId) ?? this.row(ALL_AGENTS);
    if (!row) return undefined;
    const preset = this.deps.config().presets[row.preset];
    return { preset: row.preset, variables: { ...(preset?.variables ?? {}), ...this.open(JSON.parse(row.variables)) }, routeModelsThroughGateway: preset?.routeModelsThroughGateway };
  }

  /** The agent as its next task runs: the preset's variables over its own `env`. */
  overlay(agent: AgentConfig): AgentConfig {
    const active = this.variablesFor(agent.id);
    if (!active) return agent;
    return { ...agent, env: { ...agent.env, ...active.variables }, routeModelsThroughGateway: active.routeModelsThroughGateway ?? agent.routeModelsThroughGateway };
  }

  /** The model a model agent's preset names: AGENTMESH_MODEL, else ANTHROPIC_MODEL (claude) or OPENAI_MODEL. */
  presetModel(agentId: string, adapterType: 'claude' | 'openai' | 'generic'): string | undefined {
    const variables = this.variablesFor(agentId)?.variables;
    if (!variables) return undefined;
    return variables.AGENTMESH_MODEL || (adapterType === 'claude' ? variables.ANTHROPIC_MODEL : variables.OPENAI_MODEL) || undefined;
  }

  private scope(agentId: string | undefined): string {
    if (agentId === undefined || agentId === ALL_AGENTS) return ALL_AGENTS;
    const agent = this.deps.agents.get(agentId);
    if (agent.kind === 'remote') throw new HttpError(409, 'ENV_SWITCH_FAILED', `'${agentId}' is a remote agent: it runs in its own environment, which this gateway does not spawn`);
    return agent.id;
  }

  private write(agentId: string, preset: string, variables: Record<string, string>, at: string): void {
    for (const [name, value] of Object.entries(variables)) if (looksSecret(name, value)) this.deps.addSecret(value);
    this.deps.db
      .prepare('INSERT INTO env_active (agent_id, preset, variables, switched_at) VALUES (?, ?, ?, ?) ON CONFLICT(agent_id) DO UPDATE SET preset = excluded.preset, variables = excluded.variables, switched_at = excluded.switched_at')
      .run(agentId, preset, JSON.stringify(this.seal(variables)), at);
  }

  private row(agentId: string): ActiveRow | undefined {
    return this.deps.db.prepare<[string], ActiveRow>('SELECT * FROM env_active WHERE agent_id = ?').get(agentId);
  }

  private rows(): ActiveRow[] {
    return this.deps.db.prepare<[], ActiveRow>('SELECT * FROM env_active').all();
  }

  private snapshotRow(id: string): SnapshotRow | undefined {
    return this.deps.db.prepare<[string], SnapshotRow>('SELECT * FROM env_snapshots WHERE id = ?').get(id);
  }

  private seal(variables: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, looksSecret(name, value) ? this.deps.box.seal(value) : value]));
  }

  private open(stored: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(stored).map(([name, value]) => [name, SecretBox.isSealed(value) ? this.deps.box.open(value) : value]));
  }
}

const mask = (variables: Record<string, string>) => Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, looksSecret(name, value) ? MASK : value]));
const maskStored = (stored: Record<string, string>) => Object.fromEntries(Object.entries(stored).map(([name, value]) => [name, SecretBox.isSealed(value) ? MASK : value]));

function view(row: SnapshotRow, variables: Record<string, string>): EnvSnapshot {
  return { snapshot_id: row.id, agent_id: row.agent_id, timestamp: row.ts, preset_name: row.preset, variables: mask(variables), checksum: row.checksum, description: row.description };
}
