import type { RequestListener } from 'node:http';
import express, { type Express, type Router } from 'express';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log/logger.js';
import type { ModelServices } from '../models/pipeline/handle-model-call.js';
import type { SpaceStore } from '../tasks/space-store.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { TaskStore } from '../tasks/task-store.js';
import { errorMapper } from './error-mapper.js';
import { authGuard, hostGuard, jsonOnly, originGuard, pauseRefusal, type GuardOptions } from './guards.js';
import { HttpError } from './http-error.js';
import { modelFront } from './model-front.js';
import { startingGuard, type Readiness } from './readiness.js';
import { agentRoutes } from './routes/agent-routes.js';
import { artifactRoutes } from './routes/artifact-routes.js';
import { allowedRoots } from '../tasks/task-cwd.js';
import { eventRoutes } from './routes/event-routes.js';
import { modelGatewayRoutes, publicHealthRoutes } from './routes/health-routes.js';
import { quotaRoutes } from './routes/quota-routes.js';
import { requestRoutes } from './routes/request-routes.js';
import { routingRoutes } from './routes/routing-routes.js';
import { healthAgent } from './routes/seed-views.js';
import { spaceRoutes } from './routes/space-routes.js';
import { memoryRoutes } from './routes/memory-routes.js';
import type { SpaceMemory } from '../memory/space-memory.js';
import { taskRoutes } from './routes/task-routes.js';
import { uiApiRoutes } from './routes/ui-api.js';
import { uiStaticRoutes } from './routes/ui-static.js';
import type { Handlers } from '../ui/types.js';
import type { UiSessions } from '../ui/sessions.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { RequestLog } from '../store/request-log.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditHttp } from '../audit/audit-http.js';

export interface AppDeps {
  guards: GuardOptions;
  readiness: Readiness;
  /** Unsent bytes past which an event consumer is dropped (limits.eventClientBufferBytes). */
  eventClientBufferBytes: () => number;
  models: ModelServices;
  agents: AgentRegistry;
  tasks: TaskManager;
  taskStore: TaskStore;
  spaces: SpaceStore;
  hub: EventHub;
  logger: Logger;
  wsPath: string;
  ui: { handlers: Handlers; sessions: UiSessions; dir: string; port: () => number; loginLink: () => string; paused: () => boolean };
  bus: EventBus<GatewayEvents>;
  /** The WebSocket agent hub's HTTP face (/gateway/*); it parses its own bodies. */
  hubRoutes?: Router;
  requestLog: RequestLog;
  memory: SpaceMemory;
  /** POST /rpc: it authenticates itself (agent and task tokens may call some of its methods) and parses its own bodies. */
  rpcRoutes?: Router;
  /** GET /metrics and GET /audit, behind the management token. */
  monitorRoutes?: Router;
  /** Every state-changing HTTP call is written here once answered. */
  audit?: AuditLog;
  /** The agent services management API (specs/004), mounted at /api/v1. */
  serviceRoutes?: Router;
  /** The orchestration interface (/api/v1/message, /api/v1/agents/*) and its MCP server (/mcp). */
  orchestrationRoutes?: Router[];
}

/** The server's request listener: the /v1 model routes on a lean node:http path, the rest through express. */
export function createRequestHandler(deps: AppDeps): RequestListener {
  const { guards, readiness, models, taskStore, logger } = deps;
  return modelFront({ guards, readiness, paused: deps.ui.paused, models, taskStore, logger }, createApp(deps));
}

/** Builds the express app without listening; the server object owns the socket. It never sees the /v1 model routes. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(hostGuard(deps.guards));
  app.use(originGuard(deps.guards));
  app.use(publicHealthRoutes(deps.readiness, () => deps.agents.list().map(healthAgent)));
  app.use(startingGuard(deps.readiness));
  app.use(uiStaticRoutes(deps.ui.dir, deps.ui.sessions, deps.ui.port));
  if (deps.rpcRoutes) app.use(deps.rpcRoutes);
  app.use(authGuard(deps.guards));
  if (deps.audit) app.use(auditHttp(deps.audit));
  app.use(jsonOnly);
  app.use((req, _res, next) => next(pauseRefusal(req.method, req.path, deps.ui.paused)));
  if (deps.hubRoutes) app.use(deps.hubRoutes);
  // Before the app's body parser: it parses its own bodies, to answer a bad one in specs/004's shape.
  if (deps.serviceRoutes) app.use('/api/v1', deps.serviceRoutes);
  app.use(express.json({ limit: '1mb' }));
  app.use(modelGatewayRoutes(deps.models));
  if (deps.monitorRoutes) app.use(deps.monitorRoutes);
  app.use(quotaRoutes(deps.models));
  app.use(requestRoutes(deps.requestLog));
  app.use(agentRoutes(deps.agents));
  app.use(taskRoutes(deps.tasks, deps.taskStore));
  app.use(routingRoutes(deps.agents, () => deps.models.config().routing));
  app.use(spaceRoutes(deps.spaces));
  app.use(memoryRoutes({ memory: deps.memory, spaces: deps.spaces, taskStore: deps.taskStore }));
  app.use(artifactRoutes({ spaces: deps.spaces, allowedRoots: () => allowedRoots(deps.models.config().tasks), maxBytes: () => deps.models.config().tasks.artifactMaxBytes }));
  for (const routes of deps.orchestrationRoutes ?? []) app.use(routes);
  app.use(eventRoutes({ hub: deps.hub, tasks: deps.taskStore, agents: deps.agents, wsPath: deps.wsPath, limitBytes: deps.eventClientBufferBytes, heartbeatMs: () => deps.models.config().limits.eventHeartbeatMs }));
  app.use(uiApiRoutes(deps.ui.handlers, deps.bus, deps.eventClientBufferBytes, deps.audit));
  app.post('/dashboard-link', (_req, res) => {
    res.json({ url: deps.ui.loginLink() });
  });
  app.use((req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`)));
  app.use(errorMapper(deps.logger));
  return app;
}
