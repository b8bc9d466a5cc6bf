import type { AgentInfo } from '@shared/contract';
import { useState } from 'react';
import { agentTone, Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { InlineError } from '../../components/InlineError';
import { Switch } from '../../components/Switch';
import { formatRelative } from '../../lib/format';
import { routeHref } from '../../router/route';
import { agentsSelectors, stores, useAgents } from '../../stores';
import { AgentSettingsDialog } from './AgentSettingsDialog';
import { RemoteAgentFacts } from './RemoteAgentFacts';

export function AgentCard({ agent, onDispatch }: { agent: AgentInfo; onDispatch: (id: string) => void }) {
  const busy = useAgents(agentsSelectors.busy(agent.id));
  const actionError = useAgents(agentsSelectors.actionError(agent.id));
  const active = useAgents(agentsSelectors.activeTasks(agent.id));
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const actions = stores.agents.getState();
  const remote = agent.kind === 'remote';
  return (
    <article className="card agent-card" data-testid={`agent-card-${agent.id}`} aria-labelledby={`agent-${agent.id}-name`}>
      <header className="card-header">
        <div className="card-title">
          <h3 id={`agent-${agent.id}-name`}>{agent.name}</h3>
          <Badge tone={agentTone(agent.state)} dot testId="agent-state">
            {agent.state}
          </Badge>
          {remote ? (
            <Badge tone="accent" testId="agent-kind">
              remote
            </Badge>
          ) : null}
          {agent.source === 'detected' ? (
            <span title="Found on the gateway's PATH, not in your config. Turn it off to keep tasks away from it.">
              <Badge tone="info" testId="agent-detected">
                detected
              </Badge>
            </span>
          ) : null}
        </div>
        {remote ? null : (
          <Switch label={`Enable ${agent.id}`} checked={agent.enabled} disabled={busy === 'toggle'} onChange={(enabled) => void actions.setEnabled(agent.id, enabled)} testId="agent-toggle" />
        )}
      </header>
      {remote ? <RemoteAgentFacts agent={agent} /> : <ProcessAgentFacts agent={agent} />}
      {agent.capabilities.length ? (
        <ul className="chips" aria-label="Capabilities">
          {agent.capabilities.map((capability) => (
            <li key={capability} className="chip chip-static">
              {capability}
            </li>
          ))}
        </ul>
      ) : null}
      {active?.length ? (
        <ul className="card-note agent-running" aria-label="Working on" data-testid="agent-running-tasks">
          {active.map((task) => (
            <li key={task.task_id} className="agent-running-task">
              <span className="live-dot live-open" aria-hidden="true" />
              <span className="muted">Working on</span>
              <a href={routeHref({ view: 'task', id: task.task_id })} className="truncate" title={task.prompt} data-testid="agent-running-task">
                {task.prompt.split('\n')[0]}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {!remote && agent.state === 'offline' && agent.detectError ? <p className="card-note warning-text">{agent.detectError}</p> : null}
      {!remote && agent.detectedAt ? <p className="card-note muted small">Detected {formatRelative(agent.detectedAt)}</p> : null}
      <InlineError>{actionError}</InlineError>
      <footer className="card-actions">
        <Button variant="primary" size="sm" icon="send" onClick={() => onDispatch(agent.id)} disabled={!agent.enabled} data-testid="agent-dispatch">
          Dispatch a task
        </Button>
        {remote ? null : (
          <>
            <Button size="sm" icon="edit" onClick={() => setEditing(true)} data-testid="agent-settings">
              Settings
            </Button>
            <Button size="sm" icon="refresh" busy={busy === 'detect'} onClick={() => void actions.detect(agent.id)} data-testid="agent-detect">
              Re-detect
            </Button>
          </>
        )}
        {agent.source === 'registered' ? (
          <Button size="sm" variant="ghost" icon="trash" onClick={() => setRemoving(true)} aria-label={`Remove ${agent.id}`} data-testid="agent-remove" />
        ) : null}
      </footer>
      {editing ? <AgentSettingsDialog agent={agent} onClose={() => setEditing(false)} /> : null}
      {removing ? (
        <ConfirmDialog title={`Remove ${agent.id}?`} confirmLabel="Remove agent" danger onClose={() => setRemoving(false)} onConfirm={() => actions.remove(agent.id)}>
          <p>The agent is unregistered; its past tasks stay in the history.</p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}

function ProcessAgentFacts({ agent }: { agent: AgentInfo }) {
  return (
    <dl className="facts">
      <div>
        <dt>Adapter</dt>
        <dd>
          {agent.adapter}
          {agent.version ? <span className="muted"> · v{agent.version.replace(/^v/, '')}</span> : null}
        </dd>
      </div>
      <div>
        <dt>Path</dt>
        <dd className="mono truncate" title={agent.path ?? agent.endpoint ?? undefined}>
          {agent.path ?? agent.endpoint ?? '—'}
        </dd>
      </div>
      <div>
        <dt>Load</dt>
        <dd data-testid="agent-load">
          {agent.running} running · {agent.queued} queued <span className="muted">/ max {agent.maxConcurrent}</span>
        </dd>
      </div>
    </dl>
  );
}
