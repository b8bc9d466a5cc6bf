import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { RpcConnection } from './dispatcher.js';
import { rpcCodes, RpcError } from './rpc-error.js';

/** An event as subscribers get it in `params.event`. */
export interface RpcEvent {
  event_type: string;
  data: unknown;
  timestamp: string;
  agent_id: string | null;
}

interface Subscription {
  id: string;
  connection: RpcConnection;
  types: string[];
  filter: Record<string, unknown>;
}

/** The gateway's own events a subscriber may ask for (with `*` or a prefix such as `task.*`). */
export const gatewayEventTypes = [
  'task.submitted', 'task_status', 'task.completed', 'task.failed', 'agent.changed', 'hub.message', 'coordination.lock', 'env.switched', 'metrics.reported',
  'quota.warning', 'quota.exhausted', 'quota.restored', 'budget.warning', 'budget.exceeded',
] as const satisfies readonly (keyof GatewayEvents)[];

const maxPerConnection = 100;

const matchesType = (pattern: string, type: string) => pattern === '*' || pattern === type || (pattern.endsWith('*') && type.startsWith(pattern.slice(0, -1)));

const agentOf = (data: unknown): string | null => {
  if (!data || typeof data !== 'object') return null;
  const record = data as Record<string, unknown>;
  // A lock's owner is an agent id when an agent took it.
  const agent = record.agent_id ?? record.agent ?? record.from_agent ?? record.owner;
  return typeof agent === 'string' ? agent : null;
};

/** event.subscribe: WebSocket clients get matching events as `event` notifications. */
export class RpcSubscriptions {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly offs: (() => void)[];

  constructor(bus: EventBus<GatewayEvents>) {
    this.offs = gatewayEventTypes.map((type) => bus.on(type, (data) => this.deliver({ event_type: type, data, timestamp: new Date().toISOString(), agent_id: agentOf(data) })));
  }

  subscribe(connection: RpcConnection | undefined, types: string[], filter: Record<string, unknown> = {}): string {
    if (!connection) throw new RpcError(rpcCodes.methodNotFound, 'event.subscribe needs the WebSocket at /rpc: events are sent there as notifications');
    const own = [...this.subscriptions.values()].filter((subscription) => subscription.connection === connection);
    if (own.length >= maxPerConnection) throw new RpcError(rpcCodes.resourceContention, `at most ${maxPerConnection} subscriptions per connection`);
    if (own.length === 0) connection.onClose(() => this.drop(connection));
    const id = `sub_${randomUUID()}`;
    this.subscriptions.set(id, { id, connection, types, filter });
    return id;
  }

  unsubscribe(id: string, connection: RpcConnection | undefined): boolean {
    const subscription = this.subscriptions.get(id);
    if (!subscription || (connection && subscription.connection !== connection)) throw new RpcError(rpcCodes.invalidParams, `No subscription '${id}' on this connection`);
    return this.subscriptions.delete(id);
  }

  count(): number {
    return this.subscriptions.size;
  }

  /** How many subscriptions an event would reach right now. */
  deliver(event: RpcEvent): number {
    let delivered = 0;
    for (const subscription of this.subscriptions.values()) {
      if (!subscription.types.some((pattern) => matchesType(pattern, event.event_type))) continue;
      if (!matchesFilter(subscription.filter, event)) continue;
      subscription.connection.notify('event', { subscription_id: subscription.id, event });
      delivered++;
    }
    return delivered;
  }

  stop(): void {
    for (const off of this.offs) off();
    this.subscriptions.clear();
  }

  private drop(connection: RpcConnection): void {
    for (const [id, subscription] of this.subscriptions) if (subscription.connection === connection) this.subscriptions.delete(id);
  }
}

/** Every key of the filter must equal the event's (its agent_id, or the field of its data). */
function matchesFilter(filter: Record<string, unknown>, event: RpcEvent): boolean {
  const data = event.data && typeof event.data === 'object' ? (event.data as Record<string, unknown>) : {};
  return Object.entries(filter).every(([key, wanted]) => {
    const value = key === 'agent_id' ? (event.agent_id ?? data.agent_id) : key === 'event_type' ? event.event_type : data[key];
    return value === wanted;
  });
}
