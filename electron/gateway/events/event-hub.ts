import { randomUUID } from 'node:crypto';
import type { EventBus } from './bus.js';
import type { GatewayEvents } from './gateway-events.js';

export interface EventFilter {
  taskId?: string;
  spaceId?: string;
}

export interface Subscriber {
  id: string;
  filter: EventFilter;
  /** `json` is `data` serialised once for every subscriber of the event. */
  send(type: string, data: unknown, json: string): void;
}

/** The task and broadcast events clients may subscribe to, with what they filter on. */
/** Gateway-wide alerts: every unfiltered client gets them (the tray, the dashboard). */
const quotaEvents = ['quota.warning', 'quota.exhausted', 'quota.restored', 'budget.warning', 'budget.exceeded'] as const;
export const forwarded = ['task.submitted', 'task_status', 'task.event', 'task.completed', 'task.failed', 'agent.changed', 'agent.registered', 'context.updated', 'usage.recorded', ...quotaEvents] as const;
const gatewayWide = new Set<string>(['agent.changed', 'agent.registered', 'usage.recorded', ...quotaEvents]);

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
    for (const subscriber of this.subscribers.values()) subscriber.send(type, data, json);
    return this.subscribers.size;
  }

  private publish(type: string, data: Record<string, unknown>): void {
    let json: string | undefined;
    for (const subscriber of this.subscribers.values()) {
      const { taskId, spaceId } = subscriber.filter;
      if (taskId && taskOf(data) !== taskId) continue;
      if (spaceId && data.space_id !== spaceId) continue;
      if ((taskId || spaceId) && gatewayWide.has(type)) continue;
      json ??= JSON.stringify(data);
      subscriber.send(type, data, json);
    }
  }
}
