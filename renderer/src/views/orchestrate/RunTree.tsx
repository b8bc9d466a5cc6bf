import type { CatalogAgent, TaskTreeNode } from '@shared/contract';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { Badge, TaskStatusBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { InlineError } from '../../components/InlineError';
import { formatCost } from '../../lib/format';
import { routeHref } from '../../router/route';
import { stores } from '../../stores';
import { treeNodes, type RunAction } from '../../stores/orchestration-store';

const ended = ['completed', 'failed', 'cancelled', 'timeout', 'interrupted'];

const actions: { action: RunAction; label: string; variant: 'secondary' | 'danger'; title: string }[] = [
  { action: 'pause', label: 'Pause', variant: 'secondary', title: 'Hold the queues of the agents this run still has work on; what runs finishes' },
  { action: 'resume', label: 'Resume', variant: 'secondary', title: 'Release paused agents and run interrupted work again, continuing CLI sessions' },
  { action: 'interrupt', label: 'Interrupt', variant: 'secondary', title: 'Stop the running tasks (SIGINT) and keep them resumable' },
  { action: 'cancel', label: 'Cancel', variant: 'danger', title: 'End the run and everything it dispatched' },
  { action: 'hard-stop', label: 'Hard stop', variant: 'danger', title: 'Kill every process of the run at once (SIGKILL)' },
];

/** The orchestrator's task and what it dispatched, live, with the run's controls. */
export function RunTree({ tree, agents }: { tree: TaskTreeNode; agents: CatalogAgent[] }) {
  const [busy, setBusy] = useState<RunAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const live = treeNodes(tree).some((node) => !ended.includes(node.status));
  const paused = agents.some((agent) => agent.state === 'paused');
  const act = async (action: RunAction) => {
    setBusy(action);
    setError(null);
    try {
      const results = await stores.orchestration.getState().act(action);
      setNotice(results.map((result) => result.message).join('; '));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  };
  const enabled = (action: RunAction) => (action === 'resume' ? paused || tree.status === 'interrupted' || treeNodes(tree).some((node) => node.status === 'interrupted') : live);

  return (
    <section className="panel run-tree" data-testid="run-tree" data-status={tree.status}>
      <header className="run-tree-header">
        <div>
          <h2>Run</h2>
          <p className="muted small mono">{tree.workflowId ?? tree.taskId}</p>
        </div>
        <div className="run-total" data-testid="run-total-cost">
          <span className="muted small">Total cost</span>
          <strong>{formatCost(tree.totalCostUsd)}</strong>
        </div>
      </header>
      <div className="run-controls" role="group" aria-label="Run controls">
        {actions.map(({ action, label, variant, title }) => (
          <Button key={action} size="sm" variant={variant} title={title} busy={busy === action} disabled={busy !== null || !enabled(action)} onClick={() => void act(action)} data-testid={`run-${action}`}>
            {label}
          </Button>
        ))}
      </div>
      <InlineError testId="run-control-error">{error}</InlineError>
      {notice ? (
        <p className="muted small" role="status" data-testid="run-control-notice">
          {notice}
        </p>
      ) : null}
      <ul className="tree" role="tree" aria-label="Tasks of this run">
        <TreeNode node={tree} agents={agents} depth={0} />
      </ul>
    </section>
  );
}

function TreeNode({ node, agents, depth }: { node: TaskTreeNode; agents: CatalogAgent[]; depth: number }) {
  const agent = agents.find((entry) => entry.id === node.agentId);
  return (
    <li role="treeitem" aria-level={depth + 1} aria-expanded={node.children.length ? true : undefined} data-testid="tree-node" data-task-id={node.taskId} data-status={node.status}>
      <div className="tree-row">
        <TaskStatusBadge status={node.status} />
        <span className="tree-agent">{node.agentId ?? 'several agents'}</span>
        {agent?.state === 'paused' ? <Badge tone="warning">paused</Badge> : null}
        <a href={routeHref({ view: 'task', id: node.taskId })} className="tree-prompt" title={node.prompt}>
          {node.prompt.split('\n')[0]}
        </a>
        <span className="tree-cost num muted" title="This task, and with what it dispatched">
          {formatCost(node.usage.costUsd)}
          {node.children.length ? ` · ${formatCost(node.totalCostUsd)}` : ''}
        </span>
      </div>
      {node.result && ended.includes(node.status) ? <p className="tree-result small" data-testid="tree-result">{node.result.slice(0, 400)}</p> : null}
      {node.children.length ? (
        <ul role="group">
          {node.children.map((child) => (
            <TreeNode key={child.taskId} node={child} agents={agents} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
