import { Notification } from 'electron';
import type { TaskView } from '../../shared/contract/index.js';
import type { TaskStatus } from '../../shared/schemas/task.js';
import type { EventBus } from '../gateway/events/bus.js';
import type { GatewayEvents } from '../gateway/events/gateway-events.js';
import type { Logger } from '../gateway/log/logger.js';
import type { Handlers } from '../gateway/ui/types.js';

// `interrupted` is left out: it comes from a restart, when nobody is waiting on the task.
const endings: Partial<Record<TaskStatus, string>> = {
  completed: 'Task completed',
  failed: 'Task failed',
  cancelled: 'Task cancelled',
  timeout: 'Task timed out',
};

const excerpt = (text: string, length: number) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
};

export function taskNotice(task: Pick<TaskView, 'status' | 'prompt' | 'assigned_agents' | 'error'>): { title: string; body: string } | undefined {
  const title = endings[task.status];
  if (!title) return undefined;
  const who = task.assigned_agents.join(', ') || 'gateway';
  const detail = task.status === 'completed' || !task.error ? '' : ` — ${excerpt(task.error, 80)}`;
  return { title, body: `${who}: ${excerpt(task.prompt, 100)}${detail}` };
}

/**
 * A system notification when a task the user submitted ends (not each child of a fan-out);
 * clicking it opens the task. Returns an unsubscribe.
 */
export function notifyTaskEnds(options: {
  bus: EventBus<GatewayEvents>;
  handlers: Handlers;
  enabled: () => boolean;
  openTask: (id: string) => void;
  logger: Logger;
}): () => void {
  // A notification that is garbage-collected loses its click handler: hold each until it is done.
  const live = new Set<Notification>();
  const show = async (id: string) => {
    const task = await options.handlers['tasks.get']({ id });
    const notice = task.parent_id ? undefined : taskNotice(task);
    if (!notice) return;
    const notification = new Notification(notice);
    live.add(notification);
    notification.on('click', () => options.openTask(id));
    notification.on('close', () => live.delete(notification));
    notification.show();
  };
  return options.bus.on('task_status', ({ task_id, status }) => {
    if (!endings[status] || !options.enabled() || !Notification.isSupported()) return;
    show(task_id).catch((error) => options.logger.warn('task notification failed', { task: task_id, error: String(error) }));
  });
}
