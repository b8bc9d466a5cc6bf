import type { Router } from 'express';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { UpgradeRoute } from '../http/upgrade-router.js';
import type { Logger } from '../log/logger.js';
import type { Db } from '../store/database.js';
import type { SpaceStore } from '../tasks/space-store.js';
import type { NetworkMeter } from '../metrics/network-meter.js';
import { AgentSessions } from './agent-sessions.js';
import { AgentTokens } from './agent-tokens.js';
import { FrameHandler } from './frame-handler.js';
import { hubHttpRoutes } from './gateway-routes.js';
import { hubSocketRoute } from './hub-socket.js';
import { HubTaskRuns } from './hub-task-runs.js';
import { KnownAgents } from './known-agents.js';
import { HubMessageStore } from './message-store.js';
import { MessageRouter } from './message-router.js';

export interface HubDeps {
  db: Db;
  config: () => GatewayConfig;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  agents: AgentRegistry;
  spaces: SpaceStore;
  /** Counts the bytes of each agent's frames (network_io_kb of its metrics). */
  network?: NetworkMeter;
}

/** The WebSocket agent hub, wired: sessions, routing, task runs, storage, tokens, its socket and HTTP routes. */
export interface AgentHub {
  sessions: AgentSessions;
  router: MessageRouter;
  runs: HubTaskRuns;
  store: HubMessageStore;
  tokens: AgentTokens;
  /** `/gateway/connect`, for the gateway's UpgradeRouter. */
  upgradeRoute: UpgradeRoute;
  /** `/gateway/*` and `/agents/:id/tokens`, behind the management token. */
  httpRoutes: Router;
  start(): void;
  /** Closes every agent socket (1001) and writes pending messages; before the database closes. */
  stop(): void;
}

export const hubPath = '/gateway/connect';

export function createAgentHub(deps: HubDeps): AgentHub {
  const config = () => deps.config().hub;
  const sessions = new AgentSessions({ config, bus: deps.bus, logger: deps.logger, known: new KnownAgents(deps.db) });
  const store = new HubMessageStore(deps.db, () => ({ retention: config().messageRetention, storedBytes: config().storedMessageBytes }));
  const tokens = new AgentTokens(deps.db);
  const runs = new HubTaskRuns({ sessions, spaces: deps.spaces, config, logger: deps.logger });
  sessions.listen(runs);
  const router = new MessageRouter({ sessions, store, tasks: runs, config, bus: deps.bus });
  const frames = new FrameHandler({ sessions, router, runs, logger: deps.logger });
  const socket = hubSocketRoute({ path: hubPath, sessions, tokens, frames, isLocalAgent: (id) => { const kind = deps.agents.kindOf(id); return kind === 'process' || kind === 'model'; }, config, logger: deps.logger, network: deps.network });
  deps.agents.setRemote(sessions);
  const httpRoutes = hubHttpRoutes({ agents: deps.agents, sessions, router, store, tokens, startedAt: Date.now() });
  return {
    sessions,
    router,
    runs,
    store,
    tokens,
    upgradeRoute: socket,
    httpRoutes,
    start: () => sessions.start(),
    stop() {
      sessions.stop();
      socket.close();
      store.flush();
    },
  };
}
