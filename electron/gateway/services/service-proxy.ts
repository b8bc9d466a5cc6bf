import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { ServiceRule } from '../../../shared/schemas/services.js';
import type { Logger } from '../log/logger.js';
import type { UpgradeRoute } from '../http/upgrade-router.js';
import { websocketEndpoint } from '../http/websocket-endpoint.js';
import { ProxiedClient } from './proxied-client.js';
import { ServiceError } from './service-error.js';
import type { ServiceManager } from './service-manager.js';
import { ServiceRouter, type RouteRequest } from './service-routing.js';

/** The query parameters that make `/ws` a service client rather than the event socket. */
export const proxyParams = ['service', 'tag', 'session_id', 'routing_hint'] as const;

export interface NotificationInput {
  type: string;
  message: string;
  severity: 'info' | 'warning' | 'critical';
  countdown_seconds?: number;
}

/**
 * The WebSocket proxy of agent services (`/ws?service=…|tag=…|session_id=…`): routes each
 * client to an instance, relays both ways, moves clients off an instance that stops, crashes
 * or fails its health check, and resumes a session on its instance while it is up.
 */
export class ServiceProxy {
  readonly router: ServiceRouter;
  private readonly clients = new Map<string, ProxiedClient>();
  /** session_id -> the instance that served it and when that stops counting (session_timeout after its last client left). */
  private readonly sessions = new Map<string, { serviceId: string; until: number }>();
  private readonly endpoint;
  private WebSocketClass: typeof import('ws').WebSocket | undefined;

  constructor(
    private readonly manager: ServiceManager,
    rules: () => readonly ServiceRule[],
    private readonly logger: Logger,
  ) {
    this.router = new ServiceRouter(manager, rules, (sessionId) => this.sessionHome(sessionId));
    this.endpoint = websocketEndpoint({ maxPayload: 16 * 1024 * 1024, logger, onConnection: (ws, upgrade) => void this.serve(ws, upgrade.req, upgrade.url) });
    manager.onDown((serviceId, reason) => {
      for (const client of this.clients.values()) if (client.target.id === serviceId) client.moveAway(reason);
    });
  }

  /** The `/ws` route for service clients; it must be added before the event socket's. */
  upgradeRoute(path: string): UpgradeRoute {
    return { path, matches: (url) => proxyParams.some((name) => url.searchParams.has(name)), accept: this.endpoint.accept };
  }

  /** Clients of a service (every client without one). */
  clientsOf(serviceId?: string): ProxiedClient[] {
    return [...this.clients.values()].filter((client) => !serviceId || client.target.id === serviceId);
  }

  notify(serviceId: string, notification: NotificationInput): number {
    const clients = this.clientsOf(serviceId);
    for (const client of clients) client.event('management_notification', notification);
    return clients.length;
  }

  disconnect(connectionId: string, reason: string, notifyClient: boolean): void {
    const client = this.clients.get(connectionId);
    if (!client) throw new ServiceError('CONNECTION_NOT_FOUND', `Connection '${connectionId}' not found`, { connection_id: connectionId });
    if (notifyClient) client.event('management_notification', { type: 'disconnect', message: reason, severity: 'warning' });
    client.close(1000, reason);
  }

  close(): void {
    this.endpoint.close();
  }

  private async serve(ws: WebSocket, req: IncomingMessage, url: URL): Promise<void> {
    this.WebSocketClass ??= (await import('ws')).WebSocket;
    const request: RouteRequest = {
      headers: req.headers,
      query: url.searchParams,
      clientIp: clientIp(req),
      service: url.searchParams.get('service') ?? undefined,
      tag: url.searchParams.get('tag') ?? undefined,
      sessionId: url.searchParams.get('session_id') ?? undefined,
      hint: url.searchParams.get('routing_hint') ?? undefined,
    };
    const decision = this.router.decide(request);
    if (!decision.ok) {
      ws.send(JSON.stringify({ event: 'error', data: { code: decision.code, message: decision.message, recoverable: decision.code === 'INSUFFICIENT_RESOURCES' } }));
      ws.close(1013, decision.code);
      return;
    }
    const sessionId = request.sessionId ?? randomUUID();
    if (this.sessions.size > SWEEP_AT) this.sweepSessions();
    const now = new Date().toISOString();
    const view = {
      connection_id: randomUUID(), session_id: sessionId, client_ip: request.clientIp, target_service_id: decision.target.id, status: 'active' as const,
      connected_at: now, last_activity: now, bytes_sent: 0, bytes_received: 0, message_count: 0,
    };
    const client = new ProxiedClient(view, ws, decision.target, decision.strategy, decision.tags, {
      WebSocket: this.WebSocketClass,
      connections: this.manager.connections,
      logger: this.logger,
      failover: (moving, exclude) => this.router.failover(moving.tags, moving.strategy, exclude),
      closed: (gone) => {
        this.clients.delete(gone.id);
        this.sessions.set(gone.view.session_id, { serviceId: gone.target.id, until: Date.now() + gone.target.record.config.session_timeout * 1_000 });
      },
    });
    this.clients.set(client.id, client);
    this.manager.connections.open(view);
    this.sessions.set(sessionId, { serviceId: decision.target.id, until: Number.POSITIVE_INFINITY });
    client.open();
  }

  private sweepSessions(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) if (session.until < now) this.sessions.delete(id);
  }

  private sessionHome(sessionId: string): string | undefined {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    if (session.until < Date.now()) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    // The session follows its client across failovers.
    const live = [...this.clients.values()].find((client) => client.view.session_id === sessionId);
    return live?.target.id ?? session.serviceId;
  }
}

/** Ended sessions are forgotten lazily, once there are this many. */
const SWEEP_AT = 10_000;
const clientIp = (req: IncomingMessage) => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
