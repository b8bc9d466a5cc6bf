import { terminalStatuses } from '../../../shared/schemas/task.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { StoredTask } from './task-store.js';

/** Tells the bus a task's status changed, and how it ended once it did. */
export function announceTask(bus: EventBus<GatewayEvents>, task: StoredTask): void {
  const agent = task.assigned_agents.length === 1 ? (task.assigned_agents[0] as string) : null;
  bus.emit('task_status', { task_id: task.id, status: task.status, agent, space_id: task.space_id, error: task.error });
  if (task.status === 'completed') bus.emit('task.completed', { task_id: task.id, result: task.result, agent, space_id: task.space_id });
  else if (terminalStatuses.includes(task.status)) bus.emit('task.failed', { task_id: task.id, status: task.status, error: task.error, agent, space_id: task.space_id });
}

/** Resolves once every one of the tasks has ended, or after `limitMs`. */
export async function whenAllEnded(bus: EventBus<GatewayEvents>, ids: string[], limitMs: number): Promise<void> {
  const waits = ids.map(
    (id) =>
      new Promise<void>((resolve) => {
        const off = bus.on('task_status', (event) => {
          if (event.task_id === id && terminalStatuses.includes(event.status)) {
            off();
            resolve();
          }
        });
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(waits), new Promise((resolve) => (timer = setTimeout(resolve, limitMs)))]);
  clearTimeout(timer);
}
