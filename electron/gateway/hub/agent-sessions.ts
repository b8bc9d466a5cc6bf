import { randomUUID } from 'node:crypto';
import type { AgentCard, HubConfig, OutboundFrame } from '../../../shared/schemas/hub.js';
import { hubCloseCodes } from '../../../shared/schemas/hub.js';
import type { RemoteAgentRecord, RemoteAgents } from '../agents/remote-agents.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import { HubError } from './hub-error.js';
import type { KnownAgents } from './known-agents.js';

/** The part of a WebSocket the hub uses (a fake-free seam: tests drive real sockets). */
export interface HubSocket {
  send(data: string): void;
  close(code: number, reason: string): void;
  readonly bufferedAmount: number;
}

/** One connection of one agent; a reconnect is a new session. */
export interface Session {
  readonly id: string;
  readonly agentId: string;
  readonly socket: HubSocket;
  /** The per-agent token it connected with (undefined: the management token). */
  readonly tokenId: string | undefined;
  lastSeen: number;
  open: boolean;
}

export interface ConnectParams {
  agentId: string;
  agentName: string;
  capabilities: string[];
  maxConcurrent: number;
}

export interface SessionListener {
  /** After the `connected` frame went out: the agent can be sent work. */
  connected?(session: Session): void;
  /** The agent's current session ended (not when a newer one replaced it). */
  disconnected?(session: Session): void;
}

interface Entry {
  id: string;
  name: string;
  capabilities: string[];
  maxConcurrent: number;
  card: AgentCard | null;
  connectedAt: number;
  lastHeartbeat: number;
  disconnectedAt: number | null;
  session: Session | null;
  sent: number;
  received: number;
}

/** Dropped agents remembered (shown offline; a task to one waits for it) before the oldest is forgotten. */
const maxRemembered = 1_000;
const iso = (ms: number) => new Date(ms).toISOString();
export const sendFrame = (socket: HubSocket, frame: OutboundFrame) => socket.send(JSON.stringify(frame));

/**
 * The agents connected over the hub: one current session per agent_id (a new connection
 * replaces the old, closed with 4000 "replaced"), heartbeats, and the timeout sweep that
 * marks silent agents offline. It is the registry's source of `remote` agents.
 */
export class AgentSessions implements RemoteAgents {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: SessionListener[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private live = 0;

  constructor(private readonly deps: { config: () => HubConfig; bus: EventBus<GatewayEvents>; logger: Logger; known: KnownAgents }) {
    // Agents seen before a restart are offline until they come back; their queued tasks wait for them.
    for (const agent of deps.known.load()) {
      const seen = Date.parse(agent.lastSeenAt);
      this.entries.set(agent.id, { id: agent.id, name: agent.name, capabilities: agent.capabilities, maxConcurrent: agent.maxConcurrent, card: agent.card, connectedAt: seen, lastHeartbeat: seen, disconnectedAt: seen, session: null, sent: 0, received: 0 });
    }
  }

  listen(listener: SessionListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    const timeoutMs = this.deps.config().heartbeatTimeout * 1_000;
    this.sweeper = setInterval(() => this.sweep(), Math.max(10, Math.min(1_000, timeoutMs / 4)));
    this.sweeper.unref();
  }

  /** Whether one more agent may connect (a reconnect of a live one always may). */
  hasRoom(agentId: string): boolean {
    return this.live < this.deps.config().maxAgents || Boolean(this.current(agentId));
  }

  open(params: ConnectParams, socket: HubSocket, tokenId: string | undefined): Session {
    const now = Date.now();
    const previous = this.entries.get(params.agentId);
    const session: Session = { id: `sess_${randomUUID()}`, agentId: params.agentId, socket, tokenId, lastSeen: now, open: true };
    const entry: Entry = {
      id: params.agentId,
      name: params.agentName,
      capabilities: params.capabilities,
      maxConcurrent: params.maxConcurrent,
      card: previous?.card ?? null,
      connectedAt: now,
      lastHeartbeat: now,
      disconnectedAt: null,
      session,
      sent: previous?.sent ?? 0,
      received: previous?.received ?? 0,
    };
    this.entries.set(params.agentId, entry);
    this.remember(entry);
    this.live++;
    const replaced = previous?.session;
    if (replaced?.open) {
      replaced.open = false;
      this.live--;
      replaced.socket.close(hubCloseCodes.replaced, 'replaced');
    }
    const { heartbeatInterval, heartbeatTimeout } = this.deps.config();
    sendFrame(socket, { type: 'connected', agent_id: params.agentId, session_id: session.id, heartbeat_interval: heartbeatInterval, heartbeat_timeout: heartbeatTimeout, server_time: iso(now) });
    this.deps.logger.info('hub agent connected', { agent: params.agentId, session: session.id, replaced: Boolean(replaced?.id) });
    for (const listener of this.listeners) listener.connected?.(session);
    this.deps.bus.emit('agent.changed', { id: params.agentId });
    return session;
  }

  /** The socket of a session closed (or the hub closes it): the agent is offline unless a newer session took over. */
  close(session: Session, why: string): void {
    if (!session.open) return;
    session.open = false;
    this.live--;
    const entry = this.entries.get(session.agentId);
    if (entry?.session !== session) return;
    entry.session = null;
    entry.disconnectedAt = Date.now();
    this.remember(entry);
    this.deps.logger.info('hub agent disconnected', { agent: session.agentId, session: session.id, why });
    for (const listener of this.listeners) listener.disconnected?.(session);
    this.deps.bus.emit('agent.changed', { id: session.agentId });
    this.forgetOldest();
  }

  /** Any frame proves the agent alive; a heartbeat is also what `last_heartbeat` shows. */
  touch(session: Session, heartbeat: boolean): void {
    session.lastSeen = Date.now();
    if (!heartbeat) return;
    const entry = this.entries.get(session.agentId);
    if (entry?.session === session) entry.lastHeartbeat = session.lastSeen;
  }

  applyCard(session: Session, card: AgentCard): void {
    if (card.agent_id !== undefined && card.agent_id !== session.agentId) {
      throw new HubError('UNAUTHORIZED', `This connection is agent '${session.agentId}'; a card cannot name '${card.agent_id}'`);
    }
    const entry = this.entries.get(session.agentId);
    if (!entry || entry.session !== session) return;
    entry.card = card;
    if (card.agent_name) entry.name = card.agent_name;
    if (card.capabilities) entry.capabilities = card.capabilities;
    this.remember(entry);
    this.deps.bus.emit('agent.changed', { id: session.agentId });
  }

  counted(agentId: string, direction: 'sent' | 'received'): void {
    const entry = this.entries.get(agentId);
    if (entry) entry[direction]++;
  }

  current(agentId: string): Session | undefined {
    return this.entries.get(agentId)?.session ?? undefined;
  }

  connected(): number {
    return this.live;
  }

  list(): RemoteAgentRecord[] {
    return [...this.entries.values()].map(record);
  }

  get(id: string): RemoteAgentRecord | undefined {
    const entry = this.entries.get(id);
    return entry ? record(entry) : undefined;
  }

  /** Ends every session opened with a token that was just revoked. */
  closeToken(tokenId: string): void {
    for (const entry of this.entries.values()) {
      const session = entry.session;
      if (session?.tokenId !== tokenId) continue;
      session.socket.close(hubCloseCodes.tokenRevoked, 'token revoked');
      this.close(session, 'token revoked');
    }
  }

  stop(): void {
    clearInterval(this.sweeper);
    for (const entry of this.entries.values()) {
      if (!entry.session) continue;
      entry.session.socket.close(hubCloseCodes.stopping, 'gateway stopping');
      this.close(entry.session, 'gateway stopping');
    }
  }

  private sweep(): void {
    const deadline = Date.now() - this.deps.config().heartbeatTimeout * 1_000;
    for (const entry of this.entries.values()) {
      const session = entry.session;
      if (!session || session.lastSeen >= deadline) continue;
      session.socket.close(hubCloseCodes.heartbeatTimeout, 'heartbeat timeout');
      this.close(session, 'heartbeat timeout');
    }
  }

  private forgetOldest(): void {
    if (this.entries.size - this.live <= maxRemembered) return;
    let oldest: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (!entry.session && (!oldest || (entry.disconnectedAt ?? 0) < (oldest.disconnectedAt ?? 0))) oldest = entry;
    }
    if (!oldest) return;
    this.entries.delete(oldest.id);
    this.deps.known.forget(oldest.id);
  }

  private remember(entry: Entry): void {
    const lastSeen = entry.disconnectedAt ?? entry.lastHeartbeat;
    this.deps.known.save({ id: entry.id, name: entry.name, capabilities: entry.capabilities, maxConcurrent: entry.maxConcurrent, card: entry.card, lastSeenAt: iso(lastSeen) });
  }
}

function record(entry: Entry): RemoteAgentRecord {
  return {
    id: entry.id,
    name: entry.name,
    capabilities: entry.capabilities,
    maxConcurrent: entry.maxConcurrent,
    connected: entry.session !== null,
    details: {
      sessionId: entry.session?.id ?? null,
      connectedAt: iso(entry.connectedAt),
      lastHeartbeat: iso(entry.lastHeartbeat),
      disconnectedAt: entry.disconnectedAt === null ? null : iso(entry.disconnectedAt),
      card: entry.card,
      messagesSent: entry.sent,
      messagesReceived: entry.received,
    },
  };
}
