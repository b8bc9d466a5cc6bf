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

/** The notice for a quota or budget crossing a threshold, or a provider running out. */
export function quotaNotice(level: 'warning' | 'exhausted', who: string, summary: string): { title: string; body: string } {
  return { title: level === 'warning' ? `${who} is running low` : `${who} is unavailable`, body: excerpt(summary, 160) };
}

const budgetName = (event: { scope: string; id: string | null; period: string }) =>
  `${event.period === 'daily' ? 'Daily' : 'Monthly'} ${event.id ? `${event.scope} ${event.id}` : 'overall'}`;

/**
 * A system notification when a provider, subscription or budget crosses its warning
 * threshold or runs out (each fires once per change of state); clicking opens Providers.
 */
export function notifyQuotaAlerts(options: { bus: EventBus<GatewayEvents>; openProviders: () => void }): () => void {
  const live = new Set<Notification>();
  const show = (notice: { title: string; body: string }) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification(notice);
    live.add(notification);
    notification.on('click', () => options.openProviders());
    notification.on('close', () => live.delete(notification));
    notification.show();
  };
  const offs = [
    options.bus.on('quota.warning', ({ provider, summary }) => show(quotaNotice('warning', provider, summary))),
    options.bus.on('quota.exhausted', ({ provider, summary }) => show(quotaNotice('exhausted', provider, summary))),
    options.bus.on('budget.warning', (event) => show({ title: `${budgetName(event)} budget nearly spent`, body: excerpt(event.summary, 160) })),
    options.bus.on('budget.exceeded', (event) => show({ title: `${budgetName(event)} budget spent: calls are refused`, body: excerpt(event.summary, 160) })),
  ];
  return () => offs.forEach((off) => off());
}
