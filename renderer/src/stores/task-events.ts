import type { TaskEvent } from '@shared/contract';
import { terminalStatuses, type TaskStatus, type TaskUsage } from '@shared/schemas/task';

export const isTerminal = (status: string): boolean => terminalStatuses.includes(status as TaskStatus);

/**
 * Adds events to a task's ordered log. Live events and the initial fetch can overlap or
 * arrive out of order, so the seq number decides: no duplicates, ascending.
 */
export function mergeEvents(existing: TaskEvent[], incoming: TaskEvent[]): TaskEvent[] {
  if (!incoming.length) return existing;
  const last = existing.at(-1)?.seq ?? -1;
  if (incoming.every((event, index) => event.seq > (index ? incoming[index - 1]!.seq : last))) return [...existing, ...incoming];
  const bySeq = new Map(existing.map((event) => [event.seq, event]));
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Usage reported so far by a running task's events; the task record has the total once it ends. */
export function usageFromEvents(events: TaskEvent[]): TaskUsage {
  const usage: TaskUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 };
  for (const { body } of events) {
    if (body.kind !== 'usage') continue;
    usage.inputTokens += body.inputTokens;
    usage.outputTokens += body.outputTokens;
    usage.cachedTokens += body.cachedTokens ?? 0;
    usage.costUsd += body.costUsd ?? 0;
  }
  return usage;
}
