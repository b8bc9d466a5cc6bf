import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../log/logger.js';
import type { ConnectionRegistry, ConnectionView } from './connection-registry.js';
import { dialHost } from './health-probe.js';
import type { ServiceRuntime } from './service-runtime.js';

type WebSocketClass = typeof import('ws').WebSocket;

export interface ClientDeps {
  WebSocket: WebSocketClass;
  connections: ConnectionRegistry;
  logger: Logger;
  /** Another instance for the client of a lost one, or none. */
  failover(client: ProxiedClient, exclude: ReadonlySet<string>): ServiceRuntime | undefined;
  closed(client: ProxiedClient): void;
}

/** Messages a client may send while its instance is being (re)connected; past that it is closed. */
const MAX_PENDING = 1_000;
/** 1013 Try Again Later: no instance can take the client now. */
const TRY_AGAIN_LATER = 1013;

/**
 * One client of an agent service through the gateway: its socket, the socket to its current
 * instance, and the moves between instances (failover) that keep its session.
 */
export class ProxiedClient {
  target: ServiceRuntime;
  private upstream: WebSocket | undefined;
  private pending: (string | Buffer)[] = [];
  private switching = false;
  private ended = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly tried = new Set<string>();
  private readonly startedAt = Date.now();

  constructor(
    readonly view: ConnectionView,
    private readonly client: WebSocket,
    target: ServiceRuntime,
    readonly strategy: string,
    /** Tags a replacement instance must have. */
    readonly tags: string[],
    private readonly deps: ClientDeps,
  ) {
    this.target = target;
    client.on('message', (data, isBinary) => this.fromClient(data, isBinary));
    client.on('close', () => this.end());
    this.touch();
  }

  get id(): string {
    return this.view.connection_id;
  }

  /** Connects to the first instance and tells the client where it went. */
  open(): void {
    this.connect(this.target, () =>
      this.event('connection_routed', { target_service: this.target.record.name, service_endpoint: endpointOf(this.target), routing_strategy: this.strategy }),
    );
  }

  /** The instance went away: move to another one with the same tags, or tell the client there is none. */
  moveAway(reason: string): void {
    if (this.ended || this.switching) return;
    this.switching = true;
    const from = this.target;
    this.tried.add(from.id);
    this.dropUpstream();
    this.deps.connections.counter(from.id).error_count++;
    const next = this.deps.failover(this, this.tried);
    if (!next) {
      this.event('error', { code: 'ROUTING_FAILED', message: `No healthy service available to replace '${from.record.name}'`, recoverable: false });
      this.close(TRY_AGAIN_LATER, 'no healthy service');
      return;
    }
    this.target = next;
    this.deps.connections.move(this.id, next.id);
    this.connect(next, () => {
      this.switching = false;
      this.tried.clear();
      this.event('service_switched', { from_service: from.record.name, to_service: next.record.name, reason, session_preserved: true });
    });
  }

  /** A `management_notification` (or any event) to the client. */
  event(name: string, data: unknown): void {
    this.sendToClient(JSON.stringify({ event: name, data }), false, false);
  }

  close(code: number, reason: string): void {
    if (this.client.readyState === this.client.OPEN) this.client.close(code, reason.slice(0, 120));
    else this.client.terminate();
    this.end();
  }

  private connect(target: ServiceRuntime, onOpen: () => void): void {
    const upstream = new this.deps.WebSocket(`${endpointOf(target)}/`, { perMessageDeflate: false });
    this.upstream = upstream;
    upstream.on('open', () => {
      if (this.upstream !== upstream) return;
      onOpen();
      for (const message of this.pending) upstream.send(message);
      this.pending = [];
    });
    upstream.on('message', (data, isBinary) => {
      if (this.upstream !== upstream) return;
      this.sendToClient(isBinary ? toBuffer(data) : toBuffer(data).toString('utf8'), isBinary);
    });
    upstream.on('error', (error) => this.deps.logger.debug('service upstream error', { service: target.record.name, error: error.message }));
    upstream.on('close', () => {
      if (this.upstream !== upstream || this.ended) return;
      this.switching = false;
      this.moveAway('service_unavailable');
    });
  }

  private fromClient(data: RawData, isBinary: boolean): void {
    const bytes = toBuffer(data);
    this.view.bytes_received += bytes.length;
    this.count();
    const message = isBinary ? bytes : this.wrap(bytes.toString('utf8'));
    if (this.upstream?.readyState === this.deps.WebSocket.OPEN && !this.switching) return this.upstream.send(message);
    if (this.pending.length >= MAX_PENDING) return this.close(TRY_AGAIN_LATER, 'too many messages while reconnecting');
    this.pending.push(message);
  }

  private wrap(text: string): string {
    if (!this.target.record.config.wrap_messages) return text;
    let original: unknown = text;
    try {
      original = JSON.parse(text);
    } catch {
      // Not JSON: carried as the string it was.
    }
    const metadata = { connection_id: this.id, session_id: this.view.session_id, target_service: this.target.record.name, routing_strategy: this.strategy, timestamp: new Date().toISOString() };
    return JSON.stringify({ proxy_metadata: metadata, original_message: original });
  }

  /** Management events count in bytes, not as proxied messages. */
  private sendToClient(message: string | Buffer, isBinary: boolean, proxied = true): void {
    if (this.client.readyState !== this.client.OPEN) return;
    this.view.bytes_sent += typeof message === 'string' ? Buffer.byteLength(message) : message.length;
    if (proxied) this.count();
    this.client.send(message, { binary: isBinary });
  }

  private count(): void {
    this.view.message_count++;
    this.deps.connections.counter(this.target.id).messages++;
    this.touch();
  }

  /** session_timeout: a client idle that long is closed. */
  private touch(): void {
    this.view.last_activity = new Date().toISOString();
    if (this.idleTimer) return void this.idleTimer.refresh();
    this.idleTimer = setTimeout(() => this.close(1000, 'session_timeout'), this.target.record.config.session_timeout * 1_000);
    this.idleTimer.unref();
  }

  private dropUpstream(): void {
    const upstream = this.upstream;
    this.upstream = undefined;
    upstream?.removeAllListeners('close');
    upstream?.on('error', () => undefined);
    upstream?.terminate();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idleTimer);
    this.dropUpstream();
    this.deps.connections.close(this.id, (Date.now() - this.startedAt) / 1_000);
    this.deps.closed(this);
  }
}

export const endpointOf = (runtime: ServiceRuntime) => `ws://${dialHost(runtime.record.host)}:${runtime.record.port}`;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
