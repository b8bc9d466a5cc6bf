import { randomUUID } from 'node:crypto';
import type { EventBus } from './bus.js';
import { groupedEventTypes } from './event-groups.js';
import type { GatewayEvents } from './gateway-events.js';

export interface EventFilter {
  taskId?: string;
  spaceId?: string;
  /** Only these event types (from groups and types; `broadcast` stands for every /broadcast event). */
  types?: Set<string>;
}

export interface Subscriber {
  id: string;
  filter: EventFilter;
  /** `json` is `data` serialised once for every subscriber of the event. */
  send(type: string, data: unknown, json: string): void;
}

/** Every bus event a client may receive (event-groups.ts), except `broadcast`, which has its own path. */
export const forwarded = groupedEventTypes.filter((type) => type !== 'broadcast') as (keyof GatewayEvents & string)[];
/** Events about one task or space, which a client filtered to a task or space gets; the rest are gateway-wide. */
const scopedTypes = new Set(['task.submitted', 'task_status', 'task.event', 'task.completed', 'task.failed', 'context.updated', 'agent_runtime_dispatch']);

const taskOf = (data: Record<string, unknown>) => (data.task_id ?? data.taskId) as string | undefined;

/**
 * Fans bus events out to SSE and WebSocket clients. A client filtered to a task or a
 * space receives only that task's (or space's) events; broadcasts reach everyone.
 */
export class EventHub {
  private readonly subscribers = new Map<string, Subscriber>();

  constructor(bus: EventBus<GatewayEvents>) {
    for (const type of forwarded) bus.on(type, (data) => this.publish(type, data as Record<string, unknown>));
  }

  add(send: Subscriber['send'], filter: EventFilter = {}): Subscriber {
    const subscriber = { id: `client_${randomUUID()}`, filter, send };
    this.subscribers.set(subscriber.id, subscriber);
    return subscriber;
  }

  remove(id: string): void {
    this.subscribers.delete(id);
  }

  count(): number {
    return this.subscribers.size;
  }

  /** Sends to every client; returns how many received it. */
  broadcast(type: string, data: unknown): number {
    const json = JSON.stringify(data);
    let delivered = 0;
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.filter.types && !subscriber.filter.types.has('broadcast') && !subscriber.filter.types.has(type)) continue;
      subscriber.send(type, data, json);
      delivered++;
    }
    return delivered;
  }

  private publish(type: string, data: Record<string, unknown>): void {
    let json: string | undefined;
    for (const subscriber of this.subscribers.values()) {
      const { taskId, spaceId, types } = subscriber.filter;
      if (types && !types.has(type)) continue;
      if ((taskId || spaceId) && !scopedTypes.has(type)) continue;
      if (taskId && taskOf(data) !== taskId) continue;
      if (spaceId && (data.space_id ?? data.sessionId) !== spaceId) continue;
      json ??= JSON.stringify(data);
      subscriber.send(type, data, json);
    }
  }
}
