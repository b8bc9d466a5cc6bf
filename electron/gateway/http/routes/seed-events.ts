import type { AgentRegistry } from '../../agents/agent-registry.js';
import { forwarded } from '../../events/event-hub.js';
import type { GatewayEvents } from '../../events/gateway-events.js';
import type { TaskStore } from '../../tasks/task-store.js';
import { taskView } from '../../tasks/task-view.js';
import { seedAgent, seedTask, seedTaskError, seedTaskEvent } from './seed-views.js';

const known = new Set<string>(forwarded);

export interface SeedEventDeps {
  tasks: TaskStore;
  agents: AgentRegistry;
}

/**
 * Hub events as agentmesh 1.x's `/events` sends them: unnamed SSE events whose data is
 * `{type, …, timestamp}`, so `EventSource.onmessage` sees every one. The JSON is built once
 * per event, however many clients receive it (the hub hands every client the same object).
 */
export function seedEventFormatter(deps: SeedEventDeps): (type: string, data: unknown) => string {
  const built = new WeakMap<object, string>();
  return (type, data) => {
    const cacheable = typeof data === 'object' && data !== null;
    const cached = cacheable ? built.get(data) : undefined;
    if (cached) return cached;
    const frame = `data: ${JSON.stringify(seedEvent(type, data, deps))}\n\n`;
    if (cacheable) built.set(data, frame);
    return frame;
  };
}

/** One SSE frame the way 1.x writes it. */
export const seedFrame = (body: Record<string, unknown>) => `data: ${JSON.stringify({ ...body, timestamp: Date.now() })}\n\n`;

function seedEvent(type: string, data: unknown, deps: SeedEventDeps): Record<string, unknown> {
  const timestamp = Date.now();
  // A broadcast: 1.x sends `{type, data, timestamp}`.
  if (!known.has(type)) return { type, data, timestamp };
  switch (type) {
    case 'task_status': {
      const event = data as GatewayEvents['task_status'];
      const task = deps.tasks.get(event.task_id);
      return { type, ...event, error: seedTaskError(event.status, event.error ?? null), task: task ? seedTask(taskView(task, deps.tasks)) : null, timestamp };
    }
    case 'task.failed': {
      const event = data as GatewayEvents['task.failed'];
      return { type, ...event, error: seedTaskError(event.status, event.error), timestamp };
    }
    case 'task.event': {
      const { space_id, ...event } = data as GatewayEvents['task.event'];
      return { type, ...seedTaskEvent(event), space_id, timestamp };
    }
    case 'agent.registered': {
      const { id } = data as GatewayEvents['agent.registered'];
      const agent = deps.agents.configOf(id) ? seedAgent(deps.agents.get(id)) : null;
      return { type, id, agent, timestamp };
    }
    default:
      return { type, ...(data as Record<string, unknown>), timestamp };
  }
}
