import { patchAgentSchema, validAgentSchema, type AgentConfig, type AgentInfo, type AgentKind } from '../../../shared/schemas/agent.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import type { Db } from '../store/database.js';
import { agentEnvironment, inheritedNames } from './agent-env.js';
import { adapterFor } from './adapters/index.js';
import { detectBinary, resolveExecutable, type Detection } from './detect.js';
import { detectedAgentConfigs, scanPath } from './detected-agents.js';
import { modelAgentInfo, type ModelAgentSource } from './model-agents.js';
import { remoteAgentInfo, type RemoteAgents } from './remote-agents.js';
import { detectEndpoint } from './detect-endpoint.js';

export interface AgentLoad {
  running(agentId: string): number;
  queued(agentId: string): number;
}

type Stored = { registered: AgentConfig } | { override: Partial<AgentConfig> };
type Source = AgentInfo['source'];

/** The resource pool's side of the registry (orchestration deploy): derived agents and extra instances. */
export interface AgentPool {
  /** Agents a deploy derived (a template's role, or config overrides); process agents. */
  derived(): AgentConfig[];
  /** Instances deployments add to an agent's own maxConcurrent. */
  extraSlots(agentId: string): number;
}

/**
 * The agents a task can go to: those in the config document, those registered over the API
 * (kept in SQLite), and the known CLIs found on PATH (`detectAgents`). Config and detected
 * agents can be adjusted at runtime (enable/disable, settings); the adjustment is stored
 * apart, so the config file stays the user's and a detected agent turned off stays off.
 */
export class AgentRegistry {
  private readonly detections = new Map<string, Detection>();
  /** Known CLIs on PATH, from the last scan (at first use, then on every detectAll). */
  private onPath: ReturnType<typeof scanPath> | undefined;
  private readonly detecting = new Map<string, Promise<Detection>>();
  /** When each agent was last found, kept across a detection that misses it. */
  private readonly lastFound = new Map<string, string>();
  private load: AgentLoad = { running: () => 0, queued: () => 0 };
  private remote: RemoteAgents = { list: () => [], get: () => undefined };
  private models: ModelAgentSource | undefined;
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

  /** Adds the model agents (kind `model`, registered over JSON-RPC); a process agent's id wins, then a model agent's. */
  setModels(models: ModelAgentSource): void {
    this.models = models;
  }

  /** Adds the resource pool (orchestration deploy): derived agents and extra instances. */
  setPool(pool: AgentPool): void {
    this.pool = pool;
  }

  /** Which kind of agent an id names, or undefined for none. */
  kindOf(id: string): AgentKind | undefined {
    const config = this.configOf(id);
    if (config) return config.adapter === 'http' ? 'http' : 'process';
    if (this.models?.get(id)) return 'model';
    return this.remote.get(id) ? 'remote' : undefined;
  }

  /** How many tasks the agent may run at once, or undefined when no agent has this id. */
  maxConcurrentOf(id: string): number | undefined {
    const local = this.configOf(id);
    if (local) return local.maxConcurrent + this.pool.extraSlots(id);
    return this.models?.get(id)?.maxConcurrent ?? this.remote.get(id)?.maxConcurrent;
  }

  /** Turns an agent on or off (a model agent's flag, or a process agent's stored override); remote agents run themselves. */
  setEnabled(id: string, enabled: boolean): AgentInfo {
    const kind = this.kindOf(id);
    if (kind === 'model') {
      this.models!.setEnabled(id, enabled);
      this.bus.emit('agent.changed', { id });
      return this.get(id);
    }
    return this.patch(id, { enabled });
  }

  configs(): { config: AgentConfig; source: Source }[] {
    const stored = this.stored();
    const withOverride = (agent: AgentConfig, source: Source) => {
      const entry = stored.get(agent.id);
      return { config: { ...agent, ...(entry && 'override' in entry ? entry.override : {}) }, source };
    };
    const fromConfig = this.config().agents.map((agent) => withOverride(agent, 'config'));
    const taken = new Set(fromConfig.map(({ config }) => config.id));
    const registered = [...stored.values()]
      .filter((entry): entry is { registered: AgentConfig } => 'registered' in entry && !taken.has(entry.registered.id))
      .map((entry) => ({ config: entry.registered, source: 'registered' as const }));
    for (const { config } of registered) taken.add(config.id);
    const derived = this.pool.derived().filter((config) => !taken.has(config.id)).map((config) => ({ config, source: 'deployed' as const }));
    const configured = [...fromConfig, ...registered, ...derived];
    if (!this.config().detectAgents) return configured;
    this.onPath ??= scanPath(this.env);
    const detected = detectedAgentConfigs(this.onPath, configured.map(({ config }) => config)).map((agent) => withOverride(agent, 'detected'));
    return [...configured, ...detected];
  }

  configOf(id: string): AgentConfig | undefined {
    return this.configs().find(({ config }) => config.id === id)?.config;
  }

  require(id: string): AgentConfig {
    const agent = this.configOf(id);
    if (!agent) throw this.notFound(id);
    return agent;
  }

  /** A 404 that says which agents there are, so a typo is easy to spot. */
  notFound(id: string): HttpError {
    const ids = this.configs().map(({ config }) => config.id);
    const known = ids.length ? `the agents are ${ids.join(', ')}` : 'no agents are configured';
    return new HttpError(404, 'AGENT_NOT_FOUND', `No agent '${id}'; ${known}`);
  }

  /**
   * Why the agent cannot run now because its executable is missing, found the way its run
   * would look for it (a quick PATH lookup, no version probe); undefined when it is there.
   */
  offlineReason(id: string): string | undefined {
    // A remote agent that is away gets its task when it reconnects (within the hub's heartbeat timeout).
    const kind = this.kindOf(id);
    if (kind === 'remote') return undefined;
    // A model agent answers through the gateway's own pipeline: it is offline only when no route serves its model.
    if (kind === 'model') return this.models!.unavailableReason(this.models!.get(id)!);
    const agent = this.require(id);
    // An http agent's endpoint is checked by its detection; a task to it waits like any other.
    if (agent.adapter === 'http') return undefined;
    const command = agent.path ?? adapterFor(agent.adapter).defaultBinary;
    if (resolveExecutable(command, this.probeEnv(agent))) return undefined;
    // The Agents view should say offline too, not what an earlier detection found.
    void this.detect(id);
    return command.includes('/') || command.includes('\\') ? `its executable ${command} is missing or not executable` : `'${command}' is not on the gateway's PATH`;
  }

  list(): AgentInfo[] {
    const local = this.configs().map(({ config, source }) => this.info(config, source));
    const taken = new Set(local.map((agent) => agent.id));
    const models = (this.models?.list() ?? []).filter((record) => !taken.has(record.id)).map((record) => modelAgentInfo(record, this.load, this.models!.unavailableReason(record)));
    for (const agent of models) taken.add(agent.id);
    return [...local, ...models, ...this.remote.list().filter((record) => !taken.has(record.id)).map((record) => remoteAgentInfo(record, this.load))];
  }

  get(id: string): AgentInfo {
    const entry = this.configs().find(({ config }) => config.id === id);
    if (entry) return this.info(entry.config, entry.source);
    const model = this.models?.get(id);
    if (model) return modelAgentInfo(model, this.load, this.models!.unavailableReason(model));
    const remote = this.remote.get(id);
    if (!remote) throw this.notFound(id);
    return remoteAgentInfo(remote, this.load);
  }

  register(agent: AgentConfig): AgentInfo {
    if (this.kindOf(agent.id)) throw new HttpError(409, 'AGENT_EXISTS', `An agent '${agent.id}' already exists`);
    this.write(agent.id, { registered: agent });
    void this.detect(agent.id);
    this.bus.emit('agent.changed', { id: agent.id });
    this.bus.emit('agent.registered', { id: agent.id });
    return this.get(agent.id);
  }

  patch(id: string, change: unknown): AgentInfo {
    this.refuseRemote(id, 'change the settings of');
    this.refuseModel(id, 'change the settings of');
    const parsed = patchAgentSchema.safeParse(change);
    if (!parsed.success) throw new HttpError(400, 'INVALID_AGENT', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    // The schema fills defaults even in a partial; keep only what the client actually sent.
    const sent = new Set(Object.keys(change as object));
    parsed.data = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => sent.has(key))) as typeof parsed.data;
    const entry = this.configs().find(({ config }) => config.id === id);
    if (!entry) throw this.notFound(id);
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
    if (this.kindOf(id) === 'model') {
      this.models!.remove(id);
      this.bus.emit('agent.changed', { id });
      return;
    }
    const entry = this.configs().find(({ config }) => config.id === id);
    if (!entry) throw this.notFound(id);
    if (entry.source === 'config') throw new HttpError(409, 'AGENT_IN_CONFIG', `Agent '${id}' is defined in the config document; remove it there`);
    if (entry.source === 'detected') throw new HttpError(409, 'AGENT_DETECTED', `Agent '${id}' was found on PATH; turn it off instead (or set detectAgents: false)`);
    if (entry.source === 'deployed') throw new HttpError(409, 'AGENT_DEPLOYED', `Agent '${id}' was deployed; end it with POST /api/v1/agents/control {action: "cancel", targetAgentId: "${id}"}`);
    this.db.prepare('DELETE FROM agents WHERE id = ?').run(id);
    this.detections.delete(id);
    this.bus.emit('agent.changed', { id });
  }

  /** Finds the agent's binary and version; concurrent calls for one agent share one run. */
  detect(id: string): Promise<Detection> {
    const model = this.kindOf(id) === 'model' ? this.models!.get(id) : undefined;
    if (model) return Promise.resolve(modelDetection(this.models!.unavailableReason(model), model.createdAt));
    const remote = this.kindOf(id) === 'remote' ? this.remote.get(id) : undefined;
    if (remote) return Promise.resolve(remoteDetection(remote.connected, remote.details.connectedAt));
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

  /** Looks on PATH for the known CLIs again, then probes every agent's version. */
  async detectAll(): Promise<void> {
    this.onPath = scanPath(this.env);
    await Promise.all(this.configs().map(({ config }) => this.detect(config.id)));
  }

  detection(id: string): Detection | undefined {
    return this.detections.get(id);
  }

  /** The agent's detection, run (again) when there is none yet or the last one timed out. */
  async ensureDetected(id: string): Promise<Detection> {
    const kind = this.kindOf(id);
    if (kind === 'remote' || kind === 'model') return this.detect(id);
    const known = this.detections.get(id);
    return known && !known.timedOut ? known : this.detect(id);
  }

  private probe(agent: AgentConfig, timeoutMs: number): Promise<Detection> {
    if (agent.adapter === 'http') return detectEndpoint(agent.endpoint as string, agent.headers, timeoutMs);
    const adapter = adapterFor(agent.adapter);
    // The version probe runs the agent's binary: it gets the agent's environment, not the gateway's.
    return detectBinary(agent.path ?? adapter.defaultBinary, adapter.versionArgs, this.probeEnv(agent), timeoutMs);
  }

  /** The environment the agent's binary is looked up and probed in: the agent's, not the gateway's. */
  private probeEnv(agent: AgentConfig): NodeJS.ProcessEnv {
    return { ...agentEnvironment(this.env, inheritedNames(adapterFor(agent.adapter), agent)), ...agent.env };
  }

  private info(config: AgentConfig, source: Source): AgentInfo {
    const defaultCapabilities = config.adapter === 'http' ? [] : adapterFor(config.adapter).defaultCapabilities;
    const detection = this.detections.get(config.id);
    const running = this.load.running(config.id);
    const maxConcurrent = config.maxConcurrent + this.pool.extraSlots(config.id);
    const state = !config.enabled ? 'disabled' : !detection?.found ? 'offline' : running >= maxConcurrent ? 'busy' : 'online';
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
      maxConcurrent,
      enabled: config.enabled,
      source,
      detectedAt: detection?.detectedAt ?? null,
      kind: config.adapter === 'http' ? 'http' : 'process',
      lastSeenAt: this.lastFound.get(config.id) ?? null,
    };
  }

  private refuseModel(id: string, what: string): void {
    if (this.kindOf(id) !== 'model') return;
    throw new HttpError(409, 'MODEL_AGENT', `Cannot ${what} '${id}' here: it is a model agent; register it again over JSON-RPC (agent.register) to change it`);
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

/** A model agent needs no binary: it is "found" while its model can be served. */
const modelDetection = (unavailable: string | undefined, since: string): Detection => ({
  found: !unavailable,
  path: null,
  version: null,
  error: unavailable ?? null,
  detectedAt: since,
});

/** A remote agent needs no binary: it is "found" while connected. */
const remoteDetection = (connected: boolean, since: string): Detection => ({
  found: connected,
  path: null,
  version: null,
  error: connected ? null : 'disconnected from the hub',
  detectedAt: since,
});
