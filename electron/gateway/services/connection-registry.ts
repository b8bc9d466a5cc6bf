import type { ServiceConnectionView } from '../../../shared/schemas/service-views.js';

/** A proxied client connection in the spec's shape (GET /connections). */
export type ConnectionView = ServiceConnectionView;

export interface ServiceCounters {
  total_connections: number;
  peak_connections: number;
  total_sessions: number;
  completed_sessions: number;
  session_seconds: number;
  error_count: number;
  messages: number;
}

const emptyCounters = (): ServiceCounters => ({ total_connections: 0, peak_connections: 0, total_sessions: 0, completed_sessions: 0, session_seconds: 0, error_count: 0, messages: 0 });
/** Closed connections kept for GET /connections?status=closed. */
const KEEP_CLOSED = 500;

/**
 * Proxied connections, live and recently closed, and per-service counters (since the
 * gateway started): connections, peak, sessions, errors, messages.
 */
export class ConnectionRegistry {
  private readonly active = new Map<string, ConnectionView>();
  private readonly closed: ConnectionView[] = [];
  private readonly counters = new Map<string, ServiceCounters>();

  counter(serviceId: string): ServiceCounters {
    let counters = this.counters.get(serviceId);
    if (!counters) this.counters.set(serviceId, (counters = emptyCounters()));
    return counters;
  }

  /** A client connected: a session opened (a resumed one counts again, so completed never exceeds total). */
  open(view: ConnectionView): void {
    this.active.set(view.connection_id, view);
    this.attach(view, true);
  }

  /** The connection moved to another instance (failover): it now counts there. */
  move(connectionId: string, serviceId: string): void {
    const view = this.active.get(connectionId);
    if (!view) return;
    view.target_service_id = serviceId;
    this.attach(view, false);
  }

  close(connectionId: string, sessionSeconds: number): void {
    const view = this.active.get(connectionId);
    if (!view) return;
    this.active.delete(connectionId);
    view.status = 'closed';
    const counters = this.counter(view.target_service_id);
    counters.completed_sessions++;
    counters.session_seconds += sessionSeconds;
    this.closed.push(view);
    if (this.closed.length > KEEP_CLOSED) this.closed.shift();
  }

  get(connectionId: string): ConnectionView | undefined {
    return this.active.get(connectionId) ?? this.closed.find((view) => view.connection_id === connectionId);
  }

  list(filter: { serviceId?: string; status?: 'active' | 'closed' } = {}): ConnectionView[] {
    const all = filter.status === 'active' ? [...this.active.values()] : filter.status === 'closed' ? [...this.closed].reverse() : [...this.active.values(), ...[...this.closed].reverse()];
    return filter.serviceId ? all.filter((view) => view.target_service_id === filter.serviceId) : all;
  }

  activeCount(serviceId: string): number {
    let count = 0;
    for (const view of this.active.values()) if (view.target_service_id === serviceId) count++;
    return count;
  }

  activeSessions(serviceId: string): number {
    const sessions = new Set<string>();
    for (const view of this.active.values()) if (view.target_service_id === serviceId) sessions.add(view.session_id);
    return sessions.size;
  }

  totalActive(): number {
    return this.active.size;
  }

  forget(serviceId: string): void {
    this.counters.delete(serviceId);
  }

  private attach(view: ConnectionView, newSession: boolean): void {
    const counters = this.counter(view.target_service_id);
    counters.total_connections++;
    if (newSession) counters.total_sessions++;
    counters.peak_connections = Math.max(counters.peak_connections, this.activeCount(view.target_service_id));
  }
}
