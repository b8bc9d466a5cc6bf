import { agentMessageSchema } from '../../../shared/schemas/task.js';
import { rerunOf } from '../tasks/rerun.js';
import { taskView } from '../tasks/task-view.js';
import type { HandlerGroup, UiContext } from './types.js';

export function taskHandlers({ services }: UiContext): HandlerGroup<'tasks.list' | 'tasks.get' | 'tasks.events' | 'tasks.submit' | 'tasks.active' | 'tasks.cancel' | 'tasks.rerun'> {
  const { tasks, taskStore } = services;
  return {
    'tasks.list': ({ status, agent, limit, offset }) => {
      const { tasks: list, total } = taskStore.list({ status, agent, limit, offset, parentId: null });
      return { tasks: list.map((task) => taskView(task, taskStore)), total };
    },
    'tasks.get': ({ id }) => taskView(tasks.require(id), taskStore),
    'tasks.events': ({ id, after }) => {
      tasks.require(id);
      return taskStore.events(id, after, 10_000);
    },
    'tasks.submit': (input) =>
      tasks.submit(
        agentMessageSchema.parse({
          type: 'task',
          source: 'ui',
          target: input.target,
          payload: {
            task: input.task,
            ...(input.spaceId ? { context: { shared_space_id: input.spaceId } } : {}),
            options: {
              ...(input.cwd ? { cwd: input.cwd } : {}),
              ...(input.isolation ? { isolation: input.isolation } : {}),
              ...(input.capabilities?.length ? { capabilities: input.capabilities } : {}),
              ...(input.timeoutSeconds ? { timeout: input.timeoutSeconds } : {}),
              ...(input.model ? { model: input.model } : {}),
              ...(input.agents ? { agents: input.agents, mode: input.mode ?? 'parallel' } : {}),
            },
          },
        }),
      ),
    'tasks.active': () =>
      taskStore
        .withStatus('assigned', 'running')
        .filter((task) => !task.fan_out)
        .map((task) => ({ task_id: task.id, agent: task.assigned_agents[0] ?? task.target, status: task.status, prompt: task.prompt, started_at: task.started_at })),
    'tasks.cancel': ({ id }) => {
      const task = tasks.cancel(id);
      return { task_id: task.id, status: task.status };
    },
    'tasks.rerun': ({ id }) => {
      const { message, link } = rerunOf(tasks.require(id), 'ui');
      return tasks.submit(message, link);
    },
  };
}
