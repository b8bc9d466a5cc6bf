import express, { type Express, type Router } from 'express';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log/logger.js';
import type { ModelServices } from '../models/pipeline/handle-model-call.js';
import type { SpaceStore } from '../tasks/space-store.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { TaskStore } from '../tasks/task-store.js';
import { errorMapper } from './error-mapper.js';
import { authGuard, hostGuard, jsonOnly, originGuard, type GuardOptions } from './guards.js';
import { HttpError } from './http-error.js';
import { startingGuard, type Readiness } from './readiness.js';
import { agentRoutes } from './routes/agent-routes.js';
import { artifactRoutes } from './routes/artifact-routes.js';
import { allowedRoots } from '../tasks/task-cwd.js';
import { eventRoutes } from './routes/event-routes.js';
import { modelGatewayRoutes, publicHealthRoutes } from './routes/health-routes.js';
import { modelRoutes } from './routes/model-routes.js';
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
}

/** Builds the express app without listening; the server object owns the socket. */
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
  app.use(authGuard(deps.guards));
  app.use(jsonOnly);
  app.use((req, _res, next) => {
    // Paused from the tray: model calls and new tasks are refused until the user resumes.
    const gated = req.method === 'POST' && (req.path.startsWith('/v1/') || req.path === '/tasks');
    if (gated && deps.ui.paused()) return next(new HttpError(503, 'GATEWAY_PAUSED', 'The gateway is paused; resume it from the AgentMesh tray menu'));
    next();
  });
  app.use(modelRoutes(deps.models, deps.taskStore));
  if (deps.hubRoutes) app.use(deps.hubRoutes);
  app.use(express.json({ limit: '1mb' }));
  app.use(modelGatewayRoutes(deps.models));
  app.use(quotaRoutes(deps.models));
  app.use(requestRoutes(deps.requestLog));
  app.use(agentRoutes(deps.agents));
  app.use(taskRoutes(deps.tasks, deps.taskStore));
  app.use(routingRoutes(deps.agents, () => deps.models.config().routing));
  app.use(spaceRoutes(deps.spaces));
  app.use(memoryRoutes({ memory: deps.memory, spaces: deps.spaces, taskStore: deps.taskStore }));
  app.use(artifactRoutes({ spaces: deps.spaces, allowedRoots: () => allowedRoots(deps.models.config().tasks), maxBytes: () => deps.models.config().tasks.artifactMaxBytes }));
  app.use(eventRoutes({ hub: deps.hub, tasks: deps.taskStore, agents: deps.agents, wsPath: deps.wsPath, limitBytes: deps.eventClientBufferBytes, heartbeatMs: () => deps.models.config().limits.eventHeartbeatMs }));
  app.use(uiApiRoutes(deps.ui.handlers, deps.bus, deps.eventClientBufferBytes));
  app.post('/dashboard-link', (_req, res) => {
    res.json({ url: deps.ui.loginLink() });
  });
  app.use((req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`)));
  app.use(errorMapper(deps.logger));
  return app;
}
