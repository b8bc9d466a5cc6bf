import type { RuntimeStatusEvent } from '../../../shared/schemas/orchestration.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import type { TaskManager } from '../tasks/task-manager.js';
import { catalogState } from './catalog.js';
import { now } from './orchestration-deps.js';

type Status = Omit<RuntimeStatusEvent, 'timestamp'>;

/**
 * Derives the AGENT_RUNTIME events the bus does not carry already: `agent_runtime_status` when
 * an agent's runtime state changes (only then: agent.changed also fires for a re-detection
 * that changed nothing), `agent_runtime_catalog` when the config reloads. Returns an unsubscribe.
 */
export function forwardRuntimeEvents(bus: EventBus<GatewayEvents>, agents: AgentRegistry, tasks: Pick<TaskManager, 'isPaused'>): () => void {
  const last = new Map<string, string>();
  const statusOf = (id: string): Status => {
    try {
      const info = agents.get(id);
      const paused = tasks.isPaused(id);
      return { agentId: id, state: catalogState(info, paused), running: info.running, queued: info.queued, max: info.maxConcurrent, paused };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return { agentId: id, state: 'removed', running: 0, queued: 0, max: 0, paused: false };
    }
  };
  const offs = [
    bus.on('agent.changed', ({ id }) => {
      const status = statusOf(id);
      const key = JSON.stringify(status);
      if (last.get(id) === key) return;
      if (status.state === 'removed') last.delete(id);
      else last.set(id, key);
      bus.emit('agent_runtime_status', { ...status, timestamp: now() });
    }),
    bus.on('config.changed', ({ config }) => bus.emit('agent_runtime_catalog', { reason: 'config', agentIds: config.agents.map((agent) => agent.id), timestamp: now() })),
  ];
  return () => offs.forEach((off) => off());
}
