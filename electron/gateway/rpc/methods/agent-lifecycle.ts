import { terminalStatuses } from '../../../../shared/schemas/task.js';
import { whenAllEnded } from '../../tasks/task-announce.js';
import type { RpcServices } from '../rpc-services.js';

/**
 * Brings an agent's tasks to rest before a stop or restart: queued ones are cancelled (or
 * kept), running ones are let finish for up to `timeoutS` (none with `force`), then cancelled.
 */
export async function settleAgentTasks(s: RpcServices, agentId: string, how: { queued: 'cancel' | 'keep'; force: boolean; timeoutS: number; reason: string }): Promise<void> {
  const own = s.taskStore.withStatus('pending', 'assigned', 'running').filter((task) => task.assigned_agents.length === 1 && task.assigned_agents[0] === agentId && task.children.length === 0);
  const cancel = (id: string) => {
    const task = s.taskStore.get(id);
    if (task && !terminalStatuses.includes(task.status)) s.tasks.cancel(id, { reason: how.reason });
  };
  if (how.queued === 'cancel') for (const task of own.filter((task) => task.status === 'pending')) cancel(task.id);
  const running = own.filter((task) => task.status !== 'pending').map((task) => task.id);
  if (running.length === 0) return;
  if (!how.force) await whenAllEnded(s.bus, running.filter((id) => !terminalStatuses.includes(s.taskStore.get(id)!.status)), how.timeoutS * 1_000);
  const stopped = whenAllEnded(s.bus, running.filter((id) => !terminalStatuses.includes(s.taskStore.get(id)!.status)), 10_000);
  for (const id of running) cancel(id);
  await stopped;
}
