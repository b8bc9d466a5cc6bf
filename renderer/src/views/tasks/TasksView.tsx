import { taskStatuses, type TaskStatus } from '@shared/schemas/task';
import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { agentsSelectors, settingsSelectors, stores, tasksSelectors, useAgents, useSettings, useTasks } from '../../stores';
import { isTerminal } from '../../stores/task-events';
import { TaskTable } from './TaskTable';
import { useNow } from './use-now';

export function TasksView({ onNewTask }: { onNewTask: () => void }) {
  const tasks = useTasks(tasksSelectors.tasks);
  const total = useTasks(tasksSelectors.total);
  const filter = useTasks(tasksSelectors.filter);
  const loaded = useTasks(tasksSelectors.loaded);
  const loadingMore = useTasks(tasksSelectors.loadingMore);
  const error = useTasks(tasksSelectors.error);
  const agents = useAgents(agentsSelectors.agents);
  // Only the desktop app has a tray; a browser user has no Quick dispatch to be told about.
  const desktop = useSettings(settingsSelectors.settings)?.desktop ?? false;
  const now = useNow(tasks.some((task) => !isTerminal(task.status)));
  useEffect(() => {
    void stores.tasks.getState().loadList();
    if (!stores.agents.getState().loaded) void stores.agents.getState().load();
  }, []);
  const setFilter = stores.tasks.getState().setFilter;
  const filtered = Boolean(filter.status || filter.agent);

  return (
    <>
      <PageHeader
        title="Tasks"
        description="Everything sent to your agents, newest first. Updates live."
        actions={
          <Button variant="primary" icon="send" onClick={onNewTask} data-testid="tasks-new">
            New task
          </Button>
        }
      />
      <div className="toolbar" role="group" aria-label="Filters">
        <label className="inline-field">
          <span>Status</span>
          <select value={filter.status ?? ''} onChange={(event) => void setFilter({ ...filter, status: (event.target.value || undefined) as TaskStatus | undefined })} data-testid="task-filter-status">
            <option value="">All</option>
            {taskStatuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Agent</span>
          <select value={filter.agent ?? ''} onChange={(event) => void setFilter({ ...filter, agent: event.target.value || undefined })} data-testid="task-filter-agent">
            <option value="">All</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.id}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <Button size="sm" variant="ghost" onClick={() => void setFilter({})}>
            Clear filters
          </Button>
        ) : null}
        <span className="toolbar-spacer" />
        {loaded ? <span className="muted small" data-testid="task-count">{`${tasks.length} of ${total}`}</span> : null}
      </div>
      <InlineError testId="tasks-error" action={<Button size="sm" onClick={() => void stores.tasks.getState().loadList()}>Retry</Button>}>
        {error}
      </InlineError>
      {loaded && !tasks.length ? (
        filtered ? (
          <EmptyState icon="search" title="No tasks match these filters" action={<Button onClick={() => void setFilter({})}>Clear filters</Button>} />
        ) : (
          <EmptyState
            icon="tasks"
            title="No tasks yet"
            action={
              <Button variant="primary" icon="send" onClick={onNewTask}>
                Dispatch your first task
              </Button>
            }
          >
            <p>
              Describe what you want done and pick an agent, or let automatic routing pick one. You can also use {desktop ? <>the tray's Quick dispatch or </> : null}
              <code>agentmesh task "…"</code>.
            </p>
          </EmptyState>
        )
      ) : null}
      {tasks.length ? <TaskTable tasks={tasks} now={now} /> : null}
      {!loaded && !error ? <div className="skeleton-table" aria-busy="true" aria-label="Loading tasks" /> : null}
      {tasks.length < total ? (
        <div className="load-more">
          <Button busy={loadingMore} onClick={() => void stores.tasks.getState().loadMore()} data-testid="tasks-load-more">
            Load more
          </Button>
        </div>
      ) : null}
    </>
  );
}
