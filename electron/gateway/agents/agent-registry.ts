import { patchAgentSchema, validAgentSchema, type AgentConfig, type AgentInfo } from '../../../shared/schemas/agent.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import type { Db } from '../store/database.js';
import { agentEnvironment, inheritedNames } from './agent-env.js';
import { adapterFor } from './adapters/index.js';
import { detectBinary, type Detection } from './detect.js';
import { detectEndpoint } from './detect-endpoint.js';

export interface AgentLoad {
  running(agentId: string): number;
  queued(agentId: string): number;
}

type Stored = { registered: AgentConfig } | { override: Partial<AgentConfig> };

/**
 * The agents a task can go to: those in the config document plus those registered over the
 * API (kept in SQLite). Config agents can be adjusted at runtime (enable/disable, settings);
 * the adjustment is stored apart, so the config file stays the user's.
 */
export class AgentRegistry {
  private readonly detections = new Map<string, Detection>();
  private readonly detecting = new Map<string, Promise<Detection>>();
  /** When each agent was last found, kept across a detection that misses it. */
  private readonly lastFound = new Map<string, string>();
  private load: AgentLoad = { running: () => 0, queued: () => 0 };

  constructor(
    private readonly db: Db,
    private readonly config: () => GatewayConfig,
    private readonly bus: EventBus<GatewayEvents>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  setLoad(load: AgentLoad): void {
    this.load = load;
  }

  configs(): { config: AgentConfig; source: 'config' | 'registered' }[] {
    const stored = this.stored();
    const fromConfig = this.config().agents.map((agent) => {
      const entry = stored.get(agent.id);
      const override = entry && 'override' in entry ? entry.override : {};
      return { config: { ...agent, ...override }, source: 'config' as const };
    });
    const taken = new Set(fromConfig.map(({ config }) => config.id));
    const registered = [...stored.values()]
      .filter((entry): entry is { registered: AgentConfig } => 'registered' in entry && !taken.has(entry.registered.id))
      .map((entry) => ({ config: entry.registered, source: 'registered' as const }));
    return [...fromConfig, ...registered];
  }

  configOf(id: string): AgentConfig | undefined {
    return this.configs().find(({ config }) => config.id === id)?.config;
  }

  require(id: string): AgentConfig {
    const agent = this.configOf(id);
    if (!agent) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'`);
    return agent;
  }

  list(): AgentInfo[] {
    return this.configs().map(({ config, source }) => this.info(config, source));
  }

  get(id: string): AgentInfo {
    const entry = this.configs().find(({ config }) => config.id === id);
    if (!entry) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'`);
    return this.info(entry.config, entry.source);
  }

  register(agent: AgentConfig): AgentInfo {
    if (this.configOf(agent.id)) throw new HttpError(409, 'AGENT_EXISTS', `An agent '${agent.id}' already exists`);
    this.write(agent.id, { registered: agent });
    void this.detect(agent.id);
    this.bus.emit('agent.changed', { id: agent.id });
    this.bus.emit('agent.registered', { id: agent.id });
    return this.get(agent.id);
  }

  patch(id: string, change: unknown): AgentInfo {
    const parsed = patchAgentSchema.safeParse(change);
    if (!parsed.success) throw new HttpError(400, 'INVALID_AGENT', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    // The schema fills defaults even in a partial; keep only what the client actually sent.
    const sent = new Set(Object.keys(change as object));
    parsed.data = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => sent.has(key))) as typeof parsed.data;
    const entry = this.configs().find(({ config }) => config.id === id);
    if (!entry) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'`);
    if (entry.source === 'registered') {
      this.write(id, { registered: validAgentSchema.parse({ ...entry.config, ...parsed.data }) });
    } else {
      const previous = this.stored().get(id);
      const override = previous && 'override' in previous ? previous.override : {};
      this.write(id, { override: { ...override, ...parsed.data } });
    }
    if (parsed.data.path !== undefined) void this.detect(id);
    this.bus.emit('agent.changed', { id });
    return this.get(id);
  }

  remove(id: string): void {
    const entry = this.configs().find(({ config }) => config.id === id);
    if (!entry) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'`);
    if (entry.source === 'config') throw new HttpError(409, 'AGENT_IN_CONFIG', `Agent '${id}' is defined in the config document; remove it there`);
    this.db.prepare('DELETE FROM agents WHERE id = ?').run(id);
    this.detections.delete(id);
    this.bus.emit('agent.changed', { id });
  }

  /** Finds the agent's binary and version; concurrent calls for one agent share one run. */
  detect(id: string): Promise<Detection> {
    const running = this.detecting.get(id);
    if (running) return running;
    const agent = this.require(id);
    const timeoutMs = this.config().limits.agentDetectTimeoutMs;
    const job = this.probe(agent, timeoutMs)
      .then((detection) => {
        this.detections.set(id, detection);
        if (detection.found) this.lastFound.set(id, detection.detectedAt);
        this.bus.emit('agent.changed', { id });
        return detection;
      })
      .finally(() => this.detecting.delete(id));
    this.detecting.set(id, job);
    return job;
  }

  async detectAll(): Promise<void> {
    await Promise.all(this.configs().map(({ config }) => this.detect(config.id)));
  }

  private probe(agent: AgentConfig, timeoutMs: number): Promise<Detection> {
    if (agent.adapter === 'http') return detectEndpoint(agent.endpoint as string, agent.headers, timeoutMs);
    const adapter = adapterFor(agent.adapter);
    // The version probe runs the agent's binary: it gets the agent's environment, not the gateway's.
    const env = { ...agentEnvironment(this.env, inheritedNames(adapter, agent)), ...agent.env };
    return detectBinary(agent.path ?? adapter.defaultBinary, adapter.versionArgs, env, timeoutMs);
  }

  detection(id: string): Detection | undefined {
    return this.detections.get(id);
  }

  /** The agent's detection, run (again) when there is none yet or the last one timed out. */
  async ensureDetected(id: string): Promise<Detection> {
    const known = this.detections.get(id);
    return known && !known.timedOut ? known : this.detect(id);
  }

  private info(config: AgentConfig, source: 'config' | 'registered'): AgentInfo {
    const defaultCapabilities = config.adapter === 'http' ? [] : adapterFor(config.adapter).defaultCapabilities;
    const detection = this.detections.get(config.id);
    const running = this.load.running(config.id);
    const state = !config.enabled ? 'disabled' : !detection?.found ? 'offline' : running >= config.maxConcurrent ? 'busy' : 'online';
    return {
      id: config.id,
      name: config.name ?? config.id,
      type: config.adapter,
      adapter: config.adapter,
      capabilities: config.capabilities.length ? config.capabilities : defaultCapabilities,
      endpoint: config.endpoint ?? config.path ?? null,
      state,
      version: detection?.version ?? null,
      path: detection?.path ?? null,
      detectError: detection ? detection.error : 'not detected yet',
      running,
      queued: this.load.queued(config.id),
      maxConcurrent: config.maxConcurrent,
      enabled: config.enabled,
      source,
      detectedAt: detection?.detectedAt ?? null,
      lastSeenAt: this.lastFound.get(config.id) ?? null,
    };
  }

  private stored(): Map<string, Stored> {
    const rows = this.db.prepare<[], { id: string; config: string }>('SELECT id, config FROM agents').all();
    return new Map(rows.map((row) => [row.id, JSON.parse(row.config) as Stored]));
  }

  private write(id: string, value: Stored): void {
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO agents (id, config, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at')
      .run(id, JSON.stringify(value), now, now);
  }
}
