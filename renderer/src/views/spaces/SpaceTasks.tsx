import type { TaskView } from '@shared/contract';
import { TaskStatusBadge } from '../../components/Badge';
import { formatRelative } from '../../lib/format';
import { routeHref } from '../../router/route';

/** The tasks sent in a space, newest first, as a compact list beside its history. */
export function SpaceTasks({ tasks, now }: { tasks: TaskView[]; now: number }) {
  if (!tasks.length) {
    return (
      <p className="muted small" data-testid="space-no-tasks">
        No task has used this space yet.
      </p>
    );
  }
  return (
    <ul className="space-tasks" data-testid="space-tasks">
      {tasks.map((task) => (
        <li key={task.id} className="space-task" data-testid="space-task">
          <TaskStatusBadge status={task.status} />
          <div className="space-task-text">
            <a href={routeHref({ view: 'task', id: task.id })} className="truncate" title={task.prompt}>
              {task.prompt.split('\n')[0]}
            </a>
            <span className="muted small">
              {task.assigned_agents.join(', ') || 'waiting for an agent'} · {formatRelative(task.created_at, now)}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
