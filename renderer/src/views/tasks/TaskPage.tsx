import { useEffect, useMemo } from 'react';
import { TaskStatusBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { InlineError } from '../../components/InlineError';
import { formatRelative } from '../../lib/format';
import { navigate, routeHref } from '../../router/route';
import { stores, tasksSelectors, useTasks } from '../../stores';
import { isTerminal, usageFromEvents } from '../../stores/task-events';
import { resultCardText, TaskEndNote, TaskResultCard } from './TaskOutcome';
import { TaskMemoryPanel } from '../memory/TaskMemoryPanel';
import { TaskProgress } from './TaskProgress';
import { SubtasksPanel, TaskDetails, TaskUsagePanel, WorktreePanel } from './TaskSummary';
import { TaskTimeline } from './TaskTimeline';
import { useNow } from './use-now';

export function TaskPage({ id }: { id: string }) {
  const detail = useTasks(tasksSelectors.detail(id));
  useEffect(() => {
    void stores.tasks.getState().openTask(id);
    return () => stores.tasks.getState().closeTask(id);
  }, [id]);
  const task = detail?.task ?? null;
  const running = task ? !isTerminal(task.status) : false;
  const now = useNow(running);
  const events = detail?.events;
  // A fan-out parent's usage is its children's sum, which the record carries even while they run.
  const fanOut = Boolean(task?.children.length);
  const live = running && !fanOut;
  const usage = useMemo(() => (task && !live ? task.usage : usageFromEvents(events ?? [])), [task, live, events]);
  // The result card and the error banner already say these: the activity log does not repeat them.
  const cardText = task ? resultCardText(task) : null;
  const bannerText = task?.status === 'failed' || task?.status === 'timeout' ? task.error : null;
  const shownElsewhere = useMemo(() => [cardText, bannerText], [cardText, bannerText]);

  const back = (
    <a href={routeHref({ view: 'tasks' })} className="back-link">
      <Icon name="back" /> Tasks
    </a>
  );
  if (detail?.error && !task) {
    return (
      <>
        {back}
        <EmptyState icon="alert" title="Task not found" testId="task-missing">
          <p>{detail.error}</p>
        </EmptyState>
      </>
    );
  }
  if (!task || !detail) return <>{back}<div className="skeleton-page" aria-busy="true" aria-label="Loading task" /></>;

  const rerun = async () => {
    const next = await stores.tasks.getState().rerun(id);
    if (next) navigate({ view: 'task', id: next });
  };
  const [title = task.prompt] = task.prompt.split('\n');

  return (
    <div data-testid="task-page" data-task-id={task.id}>
      {back}
      <header className="page-header">
        <div className="task-heading">
          <h1 className="truncate-2" title={task.prompt}>
            {title}
          </h1>
          <div className="task-meta">
            <TaskStatusBadge status={task.status} />
            <span className="mono muted small" data-testid="task-id">
              {task.id}
            </span>
            <span className="muted small">· {task.assigned_agents.join(', ') || 'waiting for an agent'}</span>
            <span className="muted small">· {formatRelative(task.created_at, now)}</span>
          </div>
        </div>
        <div className="page-actions">
          {running ? (
            <Button variant="danger" icon="stop" busy={detail.acting === 'cancel'} onClick={() => void stores.tasks.getState().cancel(id)} data-testid="task-cancel">
              Cancel
            </Button>
          ) : null}
          <Button icon="rerun" busy={detail.acting === 'rerun'} onClick={() => void rerun()} data-testid="task-rerun">
            Re-run
          </Button>
        </div>
      </header>
      <InlineError testId="task-action-error">{detail.actionError}</InlineError>
      {running ? <TaskProgress task={task} events={detail.events} now={now} /> : <TaskEndNote task={task} />}
      <div className="task-layout">
        <div className="task-main">
          {cardText ? <TaskResultCard text={cardText} /> : null}
          <TaskTimeline events={detail.events} live={running} shownElsewhere={shownElsewhere} />
          <details className="panel prompt-panel">
            <summary>Prompt</summary>
            <pre className="prompt-text">{task.prompt}</pre>
          </details>
        </div>
        <aside className="task-side">
          <TaskDetails task={task} now={now} />
          <TaskUsagePanel usage={usage} live={live} source={task.cost_source} />
          <TaskMemoryPanel events={detail.events} />
          {task.worktree ? <WorktreePanel worktree={task.worktree} /> : null}
          {task.results?.length ? <SubtasksPanel results={task.results} /> : null}
        </aside>
      </div>
    </div>
  );
}
