import type { GatewayEvents } from './gateway-events.js';

/**
 * Every event a client can subscribe to, by group (specs/002 §4): a WebSocket client sends
 * `{subscribe: {groups: [...], types: [...]}}`, an SSE client asks `/events?groups=…&types=…`.
 * SYSTEM also carries `/broadcast` events, whatever name they were sent under.
 */
export const eventGroups = {
  TASK: ['task.submitted', 'task_status', 'task.event', 'task.completed', 'task.failed', 'context.updated'],
  AGENT: ['agent.changed', 'agent.registered'],
  AGENT_RUNTIME: ['agent_runtime_catalog', 'agent_runtime_dispatch', 'agent_runtime_control', 'agent_runtime_status'],
  MODEL: ['usage.recorded', 'provider.circuit', 'provider.probed'],
  QUOTA: ['quota.warning', 'quota.exhausted', 'quota.restored', 'budget.warning', 'budget.exceeded'],
  HUB: ['hub.message'],
  CONFIG: ['config.file', 'config.rejected'],
  /** The JSON-RPC manager's coordination, env presets, agent-reported metrics, published events and audit log. */
  COORDINATION: ['coordination.lock', 'env.switched', 'metrics.reported', 'rpc.event', 'audit.recorded'],
  /** Agent services (specs/004): registered, removed, status or health changed. */
  SERVICES: ['service.changed'],
  /** `memory.status`: space memory's index and embedding backlog. */
  SYSTEM: ['broadcast', 'memory.status'],
} as const;

export type EventGroup = keyof typeof eventGroups;
export const eventGroupNames = Object.keys(eventGroups) as EventGroup[];
export const groupedEventTypes: string[] = Object.values(eventGroups).flat();
export const isEventGroup = (name: string): name is EventGroup => Object.hasOwn(eventGroups, name);

/** The event types a subscription names, by group or one by one; undefined when it names none (everything). */
export function subscribedTypes(groups: readonly string[] = [], types: readonly string[] = []): Set<string> | undefined {
  if (!groups.length && !types.length) return undefined;
  return new Set([...groups.flatMap((group) => (isEventGroup(group) ? eventGroups[group] : [])), ...types]);
}

type Grouped = (typeof eventGroups)[EventGroup][number];
/** The event names GatewayEvents declares (its index signature left out). */
type Declared = keyof { [K in keyof GatewayEvents as string extends K ? never : K]: unknown };
/**
 * Every bus event is in a group, except `config.changed`, which carries the whole config (keys
 * included) and never leaves the process: a new event type without a group fails to compile here.
 */
export const everyEventGrouped: [Exclude<Declared, Grouped | 'config.changed'>] extends [never] ? true : never = true;
