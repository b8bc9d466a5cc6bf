import type { TaskView } from '@shared/contract';
import { costSourceText } from '@shared/schemas/task';
import { TaskStatusBadge } from '../../components/Badge';
import { formatCost, formatRelative, taskDuration } from '../../lib/format';
import { routeHref } from '../../router/route';
import { costSourceLabel } from './TaskSummary';

export function TaskTable({ tasks, now }: { tasks: TaskView[]; now: number }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="task-list">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Task</th>
            <th scope="col">Agent</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id} data-testid={`task-row-${task.id}`} data-task-id={task.id} className="row-link">
              <td>
                <TaskStatusBadge status={task.status} />
              </td>
              <td className="task-cell">
                <a href={routeHref({ view: 'task', id: task.id })} className="row-anchor" data-testid="task-link">
                  {task.prompt.split('\n')[0]}
                </a>
                <span className="mono muted small">{task.id}</span>
              </td>
              <td>{task.assigned_agents.join(', ') || <span className="muted">—</span>}</td>
              <td className="muted" title={task.created_at}>
                {formatRelative(task.created_at, now)}
              </td>
              <td className="num">{taskDuration(task, now) ?? <span className="muted">—</span>}</td>
              <td className="num" data-testid="task-row-cost">
                {task.usage.costUsd ? (
                  <>
                    {formatCost(task.usage.costUsd)}
                    {task.cost_source ? (
                      <span className="muted small cost-source" title={`Cost ${costSourceText[task.cost_source]}`} data-testid="task-row-cost-source">
                        {costSourceLabel[task.cost_source]}
                      </span>
                    ) : null}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
