import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { configSchema } from '../../shared/schemas/config.js';
import { AgentRegistry } from './agents/agent-registry.js';
import { ConfigFile } from './config/config-file.js';
import { ConfigStore, type ConfigPersistence } from './config/config-store.js';
import { removeGatewayRuntime, writeGatewayRuntime } from './config/gateway-runtime.js';
import { parseConfig, type LoadedConfig } from './config/load.js';
import { resolveToken, rotateGeneratedToken } from './config/token.js';
import { HttpError } from './http/http-error.js';
import { createUiHandlers } from './ui/handlers.js';
import { cookieValue, sessionCookieName, UiSessions } from './ui/sessions.js';
import type { Handlers } from './ui/types.js';
import { createEventBus, type EventBus } from './events/bus.js';
import { EventHub } from './events/event-hub.js';
import type { GatewayEvents } from './events/gateway-events.js';
import { createRequestHandler } from './http/app.js';
import { defaultUiDir } from './http/default-ui-dir.js';
import { allowedHostSet, tokenCheck, type GuardOptions } from './http/guards.js';
import { eventSocketRoute } from './http/event-socket.js';
import { Readiness } from './http/readiness.js';
import { UpgradeRouter } from './http/upgrade-router.js';
import { createAgentHub, type AgentHub } from './hub/create-hub.js';
import { GatewayLogFiles } from './log/daily-log-file.js';
import { createLogger, type Logger, type LogLevel } from './log/logger.js';
import { SpaceMemory } from './memory/space-memory.js';
import { createManagerCore, type ManagerCore } from './rpc/manager-services.js';
import { createRpcManager, type RpcManager } from './rpc/create-rpc.js';
import { AgentServices } from './services/agent-services.js';
import { agentServiceRoutes } from './services/service-routes.js';
import type { ModelServices } from './models/pipeline/handle-model-call.js';
import { ProviderStates } from './models/providers/provider-states.js';
import type { Budgets } from './quota/budgets.js';
import type { QuotaService } from './quota/quota-service.js';
import type { RoutingGuard } from './quota/routing-guard.js';
import { createQuotaServices } from './quota/quota-wiring.js';
import { openDatabase, type Db } from './store/database.js';
import { ensurePrivateDir } from './store/private-files.js';
import { RequestLog } from './store/request-log.js';
import { UsageLedger } from './store/usage-ledger.js';
import { SpaceStore } from './tasks/space-store.js';
import { allowedRoots } from './tasks/task-cwd.js';
import { TaskManager } from './tasks/task-manager.js';
import { TaskStore } from './tasks/task-store.js';
import { mintTaskToken, taskIdOfToken } from './tasks/task-token.js';
import { mcpHttpRoutes } from './mcp/mcp-http.js';
import { runtimeToolNames } from './mcp/runtime-tools.js';
import { createOrchestration, type Orchestration } from './orchestration/create-orchestration.js';
import { orchestrationRoutes } from './orchestration/orchestration-routes.js';

export interface GatewayOptions {
  /** A YAML file, watched for edits. */
  configPath?: string;
  /** Or a config document given directly (desktop settings, tests). */
  config?: unknown;
  host?: string;
  port?: number;
  token?: string;
  dataDir?: string;
  logger?: Logger;
  /** A level given on the command line: the config's `logging.level` does not change it. */
  logLevel?: LogLevel;
  env?: NodeJS.ProcessEnv;
  /** Where UI edits of the config are kept when there is no config file (none for an in-memory config). */
  persist?: ConfigPersistence;
  /** The built renderer served at /ui (default: out/renderer of this checkout). */
  uiDir?: string;
  /** Running inside the desktop app (desktop-only UI methods are bound there). */
  desktop?: boolean;
  /** Where config warnings (an unset `${VAR}`, a shadowed route) are said at start and on reload; default: the logger. */
  warn?: (message: string) => void;
}

export interface GatewayServices {
  config: ConfigStore;
  bus: EventBus<GatewayEvents>;
  ledger: UsageLedger;
  providers: ProviderStates;
  agents: AgentRegistry;
  tasks: TaskManager;
  taskStore: TaskStore;
  spaces: SpaceStore;
  hub: EventHub;
  db: Db;
  logger: Logger;
  /** Balances and local subscriptions (GET /model-gateway/quota). */
  quota: QuotaService;
  /** Which targets a chain passes by (balance, usage threshold, budget). */
  guard: RoutingGuard;
  budgets: Budgets;
  /** Startup steps that hold requests at 503 STARTING; a component may add its own before start(). */
  readiness: Readiness;
  /** The WebSocket agent hub (/gateway/connect): remote agents, their messages and tasks. */
  agentHub: AgentHub;
  /** Every model call as a row (GET /model-gateway/requests), and bodies when `logging.bodies` is on. */
  requestLog: RequestLog;
  /** Space memory: chunks of every space, full-text and vector search, context for tasks. */
  memory: SpaceMemory;
  /** The multi-agent manager (specs/003): model agents, env presets, locks, metrics, audit log. */
  manager: ManagerCore;
  /** Its JSON-RPC face (/rpc), the agent sampler and the token service. */
  rpc: RpcManager;
  /** Supervised agent services (specs/004): /api/v1/services…, the /ws?service=… proxy, service rules. */
  agentServices: AgentServices;
  /** Orchestration (specs/002): catalog, dispatch, control, deploy; faces at /api/v1/* and /mcp. */
  orchestration: Orchestration;
}

export interface Gateway {
  /**
   * Recovers tasks, listens, and serves as soon as nothing holds readiness; resolves once
   * agents are detected too (each CLI bounded by limits.agentDetectTimeoutMs).
   */
  start(): Promise<{ url: string; port: number; host: string }>;
  stop(): Promise<void>;
  /** Open TCP connections, upgraded ones included. */
  connections(): Promise<number>;
  readonly url: string;
  readonly token: string;
  /** Where the database and the generated token live. */
  readonly dataDir: string;
  readonly services: GatewayServices;
  /** Every UI contract method, for the desktop app's IPC binding. */
  readonly handlers: Handlers;
  /** A one-time link that logs a browser into the dashboard. */
  loginLink(): string;
  setPaused(paused: boolean): void;
  readonly paused: boolean;
}

export const defaultDataDir = (env: NodeJS.ProcessEnv = process.env) => env.AGENTMESH_DATA_DIR ?? join(homedir(), '.agentmesh');
const wsPath = '/ws';

function initialConfig(options: GatewayOptions, file: ConfigFile | undefined, env: NodeJS.ProcessEnv): LoadedConfig {
  if (options.configPath && file) return file.load(env);
  if (options.config !== undefined) return parseConfig(options.config, env);
  return { config: configSchema.parse({}), document: {}, missingEnv: [], unsetEnv: [] };
}

/** Wires config, store, providers, agents, tasks and the HTTP app; nothing listens until start(). */
export function createGateway(options: GatewayOptions = {}): Gateway {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  const bus = createEventBus<GatewayEvents>();
  const defaultDir = options.dataDir ?? defaultDataDir(env);
  // Edits made in the UI go back to the YAML file (or, with neither a file nor a document, to <data-dir>/config.yaml).
  const filePath = options.configPath ?? (options.config === undefined && !options.persist ? join(defaultDir, 'config.yaml') : undefined);
  const file = filePath ? new ConfigFile(filePath) : undefined;
  const loaded = initialConfig(options, file, env);
  const initial = loaded.config;
  // --data-dir, then server.dataDir (relative: from where the gateway starts), then $AGENTMESH_DATA_DIR or ~/.agentmesh.
  const dataDir = options.dataDir ?? (initial.server.dataDir ? resolve(initial.server.dataDir) : defaultDir);
  // `log:`: the level (unless a flag set one) and the daily file, from the first line on and after every reload.
  const logFiles = new GatewayLogFiles(logger);
  const applyLog = (next: typeof initial) => {
    if (!options.logLevel && next.logging.level) logger.setLevel(next.logging.level);
    logFiles.apply(next.logging);
  };
  applyLog(initial);
  bus.on('config.changed', ({ config: next }) => applyLog(next));
  const config = new ConfigStore(loaded, bus, logger, { file, watch: Boolean(options.configPath), persist: options.persist, env, warn: options.warn });
  ensurePrivateDir(dataDir, logger);
  const host = options.host ?? initial.server.host;
  let port = options.port ?? initial.server.port;
  let token = resolveToken(options.token, initial.server.token, dataDir);
  const tokenIsGenerated = !options.token && !initial.server.token;
  logger.addSecret(token);
  let paused = false;
  const url = () => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Agents reach the gateway on loopback even when it is bound to every interface.
  const agentUrl = () => `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;

  const db = openDatabase(dataDir);
  const ledger = new UsageLedger(db);
  const providers = new ProviderStates(() => config.get(), bus, (id) => config.unsetReason(id));
  const agents = new AgentRegistry(db, () => config.get(), bus, env);
  const gatewayAccess = (taskId: string) => ({ url: agentUrl(), token: mintTaskToken(token, taskId) });
  const manager = createManagerCore({ db, config: () => config.get(), bus, logger, agents, providers, dataDir, gatewayAccess });
  const quotas = createQuotaServices({ db, ledger, config: () => config.get(), providers, agents, bus, logger, env });
  const { quota, budgets, guard, summaries } = quotas;
  const requestLog = new RequestLog(db, ledger);
  const models: ModelServices = { config: () => config.get(), ledger, providers, bus, logger, quota, budgets, guard, summaries, requestLog, network: manager.network };
  const taskStore = new TaskStore(db, undefined, logger.redact);
  const spaces = new SpaceStore(db, logger.redact, (update) => bus.emit('context.updated', update));
  const hub = new EventHub(bus);
  const memory = new SpaceMemory({ db, models, spaces, bus, logger, config: () => config.get() });
  const agentHub = createAgentHub({ db, config: () => config.get(), bus, logger, agents, spaces, network: manager.network });
  const activeTask = (taskId: string) => {
    const task = taskStore.get(taskId);
    return task && (task.status === 'assigned' || task.status === 'running');
  };
  const tasks = new TaskManager({
    store: taskStore,
    spaces,
    agents,
    ledger,
    bus,
    logger,
    dataDir,
    env,
    allowedRoots: () => allowedRoots(config.get().tasks),
    routing: () => config.get().routing,
    artifactMaxBytes: () => config.get().tasks.artifactMaxBytes,
    gatewayAccess,
    ...quotas.taskHooks,
    ...manager.taskHooks,
    remoteRuns: agentHub.runs,
    memoryContext: (task) => memory.taskContext(task),
    roleProfile: (task, agent) => orchestration.roleProfile(task, agent),
  });
  const orchestration = createOrchestration({
    db,
    config: () => config.get(),
    agents,
    tasks,
    taskStore,
    spaces,
    providers,
    bus,
    toolNames: runtimeToolNames,
    gatewayAccess: (taskId) => ({ url: agentUrl(), token: mintTaskToken(token, taskId) }),
  });
  const readiness = new Readiness();
  // Until start() has finished its own steps, a request that reaches the port is told to come back.
  const started = readiness.hold('gateway start');
  bus.on('config.changed', () => void agents.detectAll());

  let hosts = new Set<string>();
  // Hashed once per token, not on every request.
  let isToken = tokenCheck(token);
  const guards: GuardOptions = {
    allowedHosts: () => hosts,
    authenticate: (given) => {
      if (!given) return undefined;
      if (isToken(given)) return {};
      const taskId = taskIdOfToken(token, given);
      return taskId && activeTask(taskId) ? { taskId } : undefined;
    },
  };
  const rpc = createRpcManager({
    core: manager, db, config: () => config.get(), bus, logger, agents, tasks, taskStore, ledger, providers, guards, tokens: agentHub.tokens,
    priceUsage: quotas.taskHooks.priceUsage, budgetBlock: quotas.taskHooks.budgetBlock, paused: () => paused,
    limitBytes: () => config.get().limits.eventClientBufferBytes, hubConnections: () => agentHub.sessions.connected(),
  });
  const agentServices = new AgentServices({ db, config, bus, logger });
  const services: GatewayServices = { config, bus, ledger, providers, agents, tasks, taskStore, spaces, hub, db, logger, quota, budgets, guard, readiness, agentHub, requestLog, manager, rpc, orchestration, memory, agentServices };
  const sessions = new UiSessions();
  guards.sessionValid = (req) => sessions.valid(cookieValue(req.headers.cookie, sessionCookieName(port)));
  const loginLink = () => `${url()}/ui/login?code=${sessions.createLoginCode()}`;
  const handlers = createUiHandlers({
    services,
    url,
    token: () => token,
    rotateToken: () => {
      if (!tokenIsGenerated) throw new HttpError(409, 'TOKEN_FROM_CONFIG', 'The token comes from --token or server.token; change it there');
      token = rotateGeneratedToken(dataDir);
      isToken = tokenCheck(token);
      logger.addSecret(token);
      return token;
    },
    dataDir,
    configPath: options.configPath ?? null,
    desktop: options.desktop ?? false,
    paused: () => paused,
  });
  const uiDir = options.uiDir ?? defaultUiDir();
  const eventClientBufferBytes = () => config.get().limits.eventClientBufferBytes;
  const app = createRequestHandler({
    guards, readiness, eventClientBufferBytes, models, agents, tasks, taskStore, spaces, hub, logger, wsPath, bus, requestLog, memory,
    ui: { handlers, sessions, dir: uiDir, port: () => port, loginLink, paused: () => paused },
    hubRoutes: agentHub.httpRoutes,
    rpcRoutes: rpc.httpRoutes,
    monitorRoutes: rpc.monitorRoutes,
    audit: manager.audit,
    serviceRoutes: agentServiceRoutes(agentServices, logger),
    orchestrationRoutes: [orchestrationRoutes(orchestration, env), mcpHttpRoutes({ orchestration, taskStore, bus, memory })],
  });
  const eventSocket = eventSocketRoute({ path: wsPath, hub, logger, limitBytes: eventClientBufferBytes });
  const upgrades = new UpgradeRouter({ guards, readiness, logger }).add(agentServices.proxy.upgradeRoute(wsPath)).add(eventSocket).add(agentHub.upgradeRoute).add(rpc.upgradeRoute);
  let server: Server | undefined;

  return {
    services,
    handlers,
    loginLink,
    dataDir,
    get token() {
      return token;
    },
    get paused() {
      return paused;
    },
    setPaused(value: boolean) {
      paused = value;
    },
    get url() {
      return url();
    },
    async start() {
      const { requestTimeoutMs, headersTimeoutMs } = initial.server;
      server = createServer(
        {
          requestTimeout: requestTimeoutMs,
          headersTimeout: headersTimeoutMs,
          // Node checks those deadlines on this interval (30 s by default): too coarse for slowloris.
          connectionsCheckingInterval: Math.min(1_000, Math.ceil(headersTimeoutMs / 2)),
        },
        app,
      );
      server.keepAliveTimeout = 65_000;
      upgrades.attach(server);
      // A DB-only step, done before the port opens: a task submitted later can never be taken for a leftover.
      tasks.recover();
      agentHub.start();
      memory.start();
      rpc.start();
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      port = (server.address() as AddressInfo).port;
      const extra = host === '0.0.0.0' || host === '::' ? initial.server.allowedHosts : [host, ...initial.server.allowedHosts];
      hosts = allowedHostSet(port, extra);
      config.watch();
      // CLI commands read where we listen from here rather than parsing the config file.
      writeGatewayRuntime(dataDir, agentUrl());
      quota.start();
      agentServices.start();
      // Queued tasks start once agents can be told our address. Detection does not hold requests:
      // a task waits for its own agent's detection, which a per-CLI timeout bounds.
      tasks.start();
      const detected = agents.detectAll();
      started();
      await readiness.whenReady();
      await detected;
      return { url: url(), port, host };
    },
    connections() {
      return new Promise((resolve, reject) => {
        if (!server) return resolve(0);
        server.getConnections((error, count) => (error ? reject(error) : resolve(count)));
      });
    },
    async stop() {
      config.close();
      quota.stop();
      await tasks.stop();
      agentHub.stop();
      memory.stop();
      orchestration.stop();
      await rpc.stop();
      await agentServices.stop();
      eventSocket.close();
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server?.closeAllConnections(), 2_000);
        await closing;
        clearTimeout(force);
        server = undefined;
      }
      ledger.flush();
      db.close();
      removeGatewayRuntime(dataDir);
      logFiles.close();
    },
  };
}
