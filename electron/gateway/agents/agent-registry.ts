import { patchAgentSchema, validAgentSchema, type AgentConfig, type AgentInfo, type AgentKind } from '../../../shared/schemas/agent.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import type { Db } from '../store/database.js';
import { agentEnvironment, inheritedNames } from './agent-env.js';
import { adapterFor } from './adapters/index.js';
import { detectBinary, type Detection } from './detect.js';
import { remoteAgentInfo, type RemoteAgents } from './remote-agents.js';

export interface AgentLoad {
  running(agentId: string): number;
  queued(agentId: string): number;
}

type Stored = { registered: AgentConfig } | { override: Partial<AgentConfig> };
type Source = 'config' | 'registered' | 'deployed';

/** The resource pool's side of the registry (orchestration deploy): derived agents and extra instances. */
export interface AgentPool {
  /** Agents a deploy derived (a template's role, or config overrides); process agents. */
  derived(): AgentConfig[];
  /** Instances deployments add to an agent's own maxConcurrent. */
  extraSlots(agentId: string): number;
}

/**
 * The agents a task can go to: those in the config document plus those registered over the
 * API (kept in SQLite). Config agents can be adjusted at runtime (enable/disable, settings);
 * the adjustment is stored apart, so the config file stays the user's.
 */
export class AgentRegistry {
  private readonly detections = new Map<string, Detection>();
  private readonly detecting = new Map<string, Promise<Detection>>();
  private load: AgentLoad = { running: () => 0, queued: () => 0 };
  private remote: RemoteAgents = { list: () => [], get: () => undefined };
  private pool: AgentPool = { derived: () => [], extraSlots: () => 0 };

  constructor(
    private readonly db: Db,
    private readonly config: () => GatewayConfig,
    private readonly bus: EventBus<GatewayEvents>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  setLoad(load: AgentLoad): void {
    this.load = load;
  }

  /** Adds the agents connected over the WebSocket hub (kind `remote`); a process agent's id always wins. */
  setRemote(remote: RemoteAgents): void {
    this.remote = remote;
  }

  setPool(pool: AgentPool): void {
    this.pool = pool;
  }

  /** Which kind of agent an id names, or undefined for none. */
  kindOf(id: string): AgentKind | undefined {
    if (this.configOf(id)) return 'process';
    return this.remote.get(id) ? 'remote' : undefined;
  }

  /** How many tasks the agent may run at once, or undefined when no agent has this id. */
  maxConcurrentOf(id: string): number | undefined {
    const local = this.configOf(id);
    return local ? local.maxConcurrent + this.pool.extraSlots(id) : this.remote.get(id)?.maxConcurrent;
  }

  configs(): { config: AgentConfig; source: Source }[] {
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
    for (const { config } of registered) taken.add(config.id);
    const derived = this.pool.derived().filter((config) => !taken.has(config.id)).map((config) => ({ config, source: 'deployed' as const }));
    return [...fromConfig, ...registered, ...derived];
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
    const local = this.configs().map(({ config, source }) => this.info(config, source));
    const taken = new Set(local.map((agent) => agent.id));
    return [...local, ...this.remote.list().filter((record) => !taken.has(record.id)).map((record) => remoteAgentInfo(record, this.load))];
  }

  get(id: string): AgentInfo {
    const entry = this.configs().find(({ config }) => config.id === id);
    if (entry) return this.info(entry.config, entry.source);
    const remote = this.remote.get(id);
    if (!remote) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'`);
    return remoteAgentInfo(remote, this.load);
  }

  register(agent: AgentConfig): AgentInfo {
    if (this.configOf(agent.id) || this.remote.get(agent.id)) throw new HttpError(409, 'AGENT_EXISTS', `An agent '${agent.id}' already exists`);
    this.write(agent.id, { registered: agent });
    void this.detect(agent.id);
    this.bus.emit('agent.changed', { id: agent.id });
    return this.get(agent.id);
  }

  patch(id: string, change: unknown): AgentInfo {
    this.refuseRemote(id, 'change the settings of');
    const parsed = patchAgentSchema.safeParse(change);
    if (!parsed.success) throw new HttpError(400, 'INVALID_AGENT', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    // The schema fills defaults even in a partial; keep only what the client actually sent.
    const sent = new Set(Object.keys(change as object));
    parsed.data = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => sent.has(key))) as typeof parsed.data;
    const entry = this.configs().find(({ config }) => config.id === id);
    if (!entry) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'`);
    if (entry.source === 'deployed') throw new HttpError(409, 'AGENT_DEPLOYED', `Agent '${id}' was deployed; deploy again with the settings you want`);
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
    this.refuseRemote(id, 'remove');
    const entry = this.configs().find(({ config }) => config.id === id);
    if (!entry) throw new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'`);
    if (entry.source === 'config') throw new HttpError(409, 'AGENT_IN_CONFIG', `Agent '${id}' is defined in the config document; remove it there`);
    if (entry.source === 'deployed') throw new HttpError(409, 'AGENT_DEPLOYED', `Agent '${id}' was deployed; end it with POST /api/v1/agents/control {action: "cancel", targetAgentId: "${id}"}`);
    this.db.prepare('DELETE FROM agents WHERE id = ?').run(id);
    this.detections.delete(id);
    this.bus.emit('agent.changed', { id });
  }

  /** Finds the agent's binary and version; concurrent calls for one agent share one run. */
  detect(id: string): Promise<Detection> {
    const remote = this.kindOf(id) === 'remote' ? this.remote.get(id) : undefined;
    if (remote) return Promise.resolve(remoteDetection(remote.connected, remote.details.connectedAt));
    const running = this.detecting.get(id);
    if (running) return running;
    const agent = this.require(id);
    const adapter = adapterFor(agent.adapter);
    const command = agent.path ?? adapter.defaultBinary;
    // The version probe runs the agent's binary: it gets the agent's environment, not the gateway's.
    const job = detectBinary(command, adapter.versionArgs, { ...agentEnvironment(this.env, inheritedNames(adapter, agent)), ...agent.env }, this.config().limits.agentDetectTimeoutMs)
      .then((detection) => {
        this.detections.set(id, detection);
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

  detection(id: string): Detection | undefined {
    return this.detections.get(id);
  }

  /** The agent's detection, run (again) when there is none yet or the last one timed out. */
  async ensureDetected(id: string): Promise<Detection> {
    if (this.kindOf(id) === 'remote') return this.detect(id);
    const known = this.detections.get(id);
    return known && !known.timedOut ? known : this.detect(id);
  }

  private info(config: AgentConfig, source: Source): AgentInfo {
    const adapter = adapterFor(config.adapter);
    const detection = this.detections.get(config.id);
    const running = this.load.running(config.id);
    const maxConcurrent = config.maxConcurrent + this.pool.extraSlots(config.id);
    const state = !config.enabled ? 'disabled' : !detection?.found ? 'offline' : running >= maxConcurrent ? 'busy' : 'online';
    return {
      id: config.id,
      name: config.name ?? config.id,
      type: config.adapter,
      adapter: config.adapter,
      capabilities: config.capabilities.length ? config.capabilities : adapter.defaultCapabilities,
      endpoint: config.path ?? null,
      state,
      version: detection?.version ?? null,
      path: detection?.path ?? null,
      detectError: detection ? detection.error : 'not detected yet',
      running,
      queued: this.load.queued(config.id),
      maxConcurrent,
      enabled: config.enabled,
      source,
      detectedAt: detection?.detectedAt ?? null,
      kind: 'process',
    };
  }

  private refuseRemote(id: string, what: string): void {
    if (this.kindOf(id) !== 'remote') return;
    throw new HttpError(409, 'REMOTE_AGENT', `Cannot ${what} '${id}': it is connected over the hub, and its name and capabilities come from its connection`);
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

/** A remote agent needs no binary: it is "found" while connected. */
const remoteDetection = (connected: boolean, since: string): Detection => ({
  found: connected,
  path: null,
  version: null,
  error: connected ? null : 'disconnected from the hub',
  detectedAt: since,
});
