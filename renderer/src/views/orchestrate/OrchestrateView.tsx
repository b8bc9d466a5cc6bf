import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { TaskStatusBadge } from '../../components/Badge';
import { formatRelative } from '../../lib/format';
import { routeHref } from '../../router/route';
import { orchestrationSelectors, stores, useOrchestration } from '../../stores';
import { MessageForm } from './MessageForm';
import { RunTree } from './RunTree';

/** One agent directs the others: message it, watch what it dispatches, stop or pause the run. */
export function OrchestrateView() {
  const runs = useOrchestration(orchestrationSelectors.runs);
  const loaded = useOrchestration(orchestrationSelectors.loaded);
  const error = useOrchestration(orchestrationSelectors.error);
  const selected = useOrchestration(orchestrationSelectors.selected);
  const tree = useOrchestration(orchestrationSelectors.tree);
  const treeError = useOrchestration(orchestrationSelectors.treeError);
  const catalog = useOrchestration(orchestrationSelectors.catalog);
  const orchestrator = catalog?.orchestrator ?? null;
  useEffect(() => void stores.orchestration.getState().load(), []);
  useEffect(() => {
    if (!selected && runs[0]) void stores.orchestration.getState().select(runs[0].taskId);
  }, [selected, runs]);

  return (
    <>
      <PageHeader
        title="Orchestrate"
        description={orchestrator ? `Messages go to the orchestrator, ${orchestrator}, which plans the work and dispatches parts of it to the other agents.` : 'Messages go to the orchestrator, which plans the work and dispatches parts of it to the other agents.'}
      />
      {catalog && !orchestrator ? (
        <EmptyState icon="routing" title="No orchestrator" testId="no-orchestrator">
          <p>
            Add a Codex or Claude Code agent, or name one in <code>orchestration.orchestrator</code> of the config.
          </p>
        </EmptyState>
      ) : null}
      <MessageForm orchestrator={orchestrator} />
      <InlineError testId="runs-error" action={<Button size="sm" onClick={() => void stores.orchestration.getState().load()}>Retry</Button>}>
        {error}
      </InlineError>
      <div className="orchestrate-layout">
        <nav className="panel run-list" aria-label="Runs" data-testid="run-list">
          <h2>Runs</h2>
          {loaded && !runs.length ? <p className="muted small">No runs yet: send a message.</p> : null}
          <ul>
            {runs.map((run) => (
              <li key={run.taskId}>
                <button type="button" className={run.taskId === selected ? 'run-item run-item-active' : 'run-item'} aria-current={run.taskId === selected ? 'true' : undefined} onClick={() => void stores.orchestration.getState().select(run.taskId)} data-testid="run-item">
                  <TaskStatusBadge status={run.status} />
                  <span className="run-prompt">{run.prompt.split('\n')[0]}</span>
                  <span className="muted small">{formatRelative(run.createdAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="run-detail">
          <InlineError testId="tree-error">{treeError}</InlineError>
          {tree ? <RunTree tree={tree} agents={catalog?.agents ?? []} /> : null}
          {tree ? (
            <p className="small">
              <a href={routeHref({ view: 'task', id: tree.taskId })} data-testid="run-task-link">
                Open the orchestrator's task
              </a>
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}
