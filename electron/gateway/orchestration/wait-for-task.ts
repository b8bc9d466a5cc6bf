import { terminalStatuses } from '../../../shared/schemas/task.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { StoredTask, TaskStore } from '../tasks/task-store.js';

/**
 * Resolves with the task once it ended, or as it stands when `signal` aborts (the caller went
 * away). The task's own timeout bounds the wait: it ends as `timeout`.
 */
export function waitForTaskEnd(bus: EventBus<GatewayEvents>, store: Pick<TaskStore, 'get'>, taskId: string, signal?: AbortSignal): Promise<StoredTask> {
  return new Promise((resolve, reject) => {
    const current = () => {
      const task = store.get(taskId);
      if (!task) reject(new Error(`task ${taskId} vanished`));
      return task;
    };
    const done = (task: StoredTask | undefined) => {
      off();
      signal?.removeEventListener('abort', onAbort);
      if (task) resolve(task);
    };
    // Subscribe before reading, so an end between the read and the subscription is not missed.
    const off = bus.on('task_status', (event) => {
      if (event.task_id === taskId && terminalStatuses.includes(event.status)) done(current());
    });
    const onAbort = () => {
      // The caller left (or the gateway is stopping, its database perhaps closed): nobody reads this answer.
      try {
        done(current());
      } catch {
        done(undefined);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const now = current();
    if (!now || terminalStatuses.includes(now.status) || signal?.aborted) done(now);
  });
}
