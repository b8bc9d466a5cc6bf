import type { TaskView } from '@shared/contract';
import { costSourceText, type CostSource, type TaskUsage } from '@shared/schemas/task';
import type { ReactNode } from 'react';
import { TaskStatusBadge } from '../../components/Badge';
import { formatCost, formatDateTime, formatTokens, taskDuration } from '../../lib/format';
import { routeHref } from '../../router/route';

export function TaskDetails({ task, now }: { task: TaskView; now: number }) {
  const duration = taskDuration(task, now);
  return (
    <section className="panel" aria-labelledby="details-title">
      <h2 id="details-title" className="panel-title">
        Details
      </h2>
      <dl className="facts">
        <Fact label="Target">{task.target === 'gateway' ? 'Automatic routing' : task.target}</Fact>
        <Fact label="Agent">{task.assigned_agents.join(', ') || '—'}</Fact>
        <Fact label="Created">{formatDateTime(task.created_at)}</Fact>
        {duration ? <Fact label="Duration">{duration}</Fact> : null}
        {task.cwd ? <Fact label="Directory" mono>{task.cwd}</Fact> : null}
        {task.exit_code !== null ? <Fact label="Exit code">{task.exit_code}</Fact> : null}
        {task.space_id ? <Fact label="Space" mono>{task.space_id}</Fact> : null}
        {task.parent_id ? (
          <Fact label="Part of">
            <a href={routeHref({ view: 'task', id: task.parent_id })} className="mono">
              {task.parent_id}
            </a>
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}

/** `source` says where the one cost comes from; while the task runs, it is what the agent has reported so far. */
export function TaskUsagePanel({ usage, live, source }: { usage: TaskUsage; live: boolean; source: CostSource | null }) {
  const note = live ? 'So far, as the agent reports it.' : source ? `Cost ${costSourceText[source]}.` : null;
  return (
    <section className="panel" aria-labelledby="usage-title" data-testid="task-usage">
      <h2 id="usage-title" className="panel-title">
        Usage {live ? <span className="muted small">so far</span> : null}
      </h2>
      <div className="stat-row">
        <Stat label="Input" value={formatTokens(usage.inputTokens)} />
        <Stat label="Output" value={formatTokens(usage.outputTokens)} />
        <Stat label="Cached" value={formatTokens(usage.cachedTokens)} />
        <Stat label="Cost" value={formatCost(usage.costUsd)} testId="task-cost" />
      </div>
      {note ? (
        <p className="muted small" data-testid="task-cost-source" data-source={source ?? ''}>
          {note}
        </p>
      ) : null}
    </section>
  );
}

/** The short name of a cost's source, for table cells. */
export const costSourceLabel: Record<CostSource, string> = { gateway: 'gateway', agent: 'agent-reported', mixed: 'mixed' };

export function WorktreePanel({ worktree }: { worktree: NonNullable<TaskView['worktree']> }) {
  return (
    <section className="panel" aria-labelledby="worktree-title" data-testid="task-worktree">
      <h2 id="worktree-title" className="panel-title">
        Worktree
      </h2>
      <dl className="facts">
        <Fact label="Branch" mono>{worktree.branch}</Fact>
        <Fact label="Base" mono>{worktree.base}</Fact>
        <Fact label="Path" mono>{worktree.path}</Fact>
      </dl>
      {worktree.diffStat ? <pre className="code-block diffstat">{worktree.diffStat}</pre> : <p className="muted small">No changes yet.</p>}
    </section>
  );
}

export function SubtasksPanel({ results }: { results: NonNullable<TaskView['results']> }) {
  return (
    <section className="panel" aria-labelledby="subtasks-title">
      <h2 id="subtasks-title" className="panel-title">
        Per agent
      </h2>
      <ul className="subtasks">
        {results.map((result) => (
          <li key={result.task_id} data-testid={`subtask-${result.agent ?? result.task_id}`}>
            <a href={routeHref({ view: 'task', id: result.task_id })}>{result.agent ?? result.task_id}</a>
            <TaskStatusBadge status={result.status} />
            {result.usage.costUsd ? <span className="muted small" data-testid="subtask-cost">{formatCost(result.usage.costUsd)}</span> : null}
            {/* A cancel is the user's choice, not a failure to flag. */}
            {result.error && result.status !== 'cancelled' ? <p className="danger-text small">{result.error}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Fact({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={mono ? 'mono truncate' : undefined} title={mono && typeof children === 'string' ? children : undefined}>
        {children}
      </dd>
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat">
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
