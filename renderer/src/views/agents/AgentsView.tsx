import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { agentsSelectors, stores, useAgents } from '../../stores';
import { DispatchDialog } from '../dispatch/DispatchDialog';
import { AgentCard } from './AgentCard';
import { CatalogPanel } from './CatalogPanel';
import { ConversationsPanel } from './ConversationsPanel';
import { RegisterAgentDialog } from './RegisterAgentDialog';

const configExample = `agents:
  - id: claude
    adapter: claude-code
  - id: echo
    adapter: command
    path: /bin/echo
    args: ["{prompt}"]`;

/** Heartbeats move no event (a thousand agents would flood the stream): refetch now and then while remote agents are connected. */
const remoteRefreshMs = 10_000;

export function AgentsView() {
  const agents = useAgents(agentsSelectors.agents);
  const loaded = useAgents(agentsSelectors.loaded);
  const error = useAgents(agentsSelectors.error);
  const [registering, setRegistering] = useState(false);
  const [dispatchTo, setDispatchTo] = useState<string | null>(null);
  useEffect(() => void stores.agents.getState().load(), []);
  const remoteOnline = agents.some((agent) => agent.kind === 'remote' && agent.state !== 'offline');
  useEffect(() => {
    if (!remoteOnline) return;
    const timer = setInterval(() => void stores.agents.getState().load(), remoteRefreshMs);
    return () => clearInterval(timer);
  }, [remoteOnline]);

  return (
    <>
      <PageHeader
        title="Agents"
        description="Coding agents this gateway runs, and agents anywhere that connect to it over WebSocket. Tasks go to an agent you pick, or to one whose capabilities fit."
        actions={
          <Button icon="plus" onClick={() => setRegistering(true)} data-testid="agent-register">
            Register agent
          </Button>
        }
      />
      <InlineError testId="agents-error" action={<Button size="sm" onClick={() => void stores.agents.getState().load()}>Retry</Button>}>
        {error}
      </InlineError>
      {loaded && !agents.length ? (
        <EmptyState
          icon="agents"
          title="No agents yet"
          action={
            <Button variant="primary" icon="plus" onClick={() => setRegistering(true)}>
              Register an agent
            </Button>
          }
        >
          <p>Add agents to the <code>agents:</code> list of the gateway's config file, for example:</p>
          <pre className="code-block">{configExample}</pre>
          <p>
            Installed CLIs (claude, codex, gemini, opencode, openclaw) on the gateway's PATH appear here on their own, marked <em>detected</em>; none was found. Or register one
            here.
          </p>
        </EmptyState>
      ) : null}
      {!loaded && !error ? <div className="skeleton-grid" aria-busy="true" aria-label="Loading agents" /> : null}
      <div className="card-grid" data-testid="agent-list">
        {agents.map((agent) => (
          <AgentCard key={agent.id} agent={agent} onDispatch={setDispatchTo} />
        ))}
      </div>
      {agents.length ? <CatalogPanel /> : null}
      <ConversationsPanel />
      {registering ? <RegisterAgentDialog onClose={() => setRegistering(false)} /> : null}
      {dispatchTo ? <DispatchDialog agent={dispatchTo} onClose={() => setDispatchTo(null)} /> : null}
    </>
  );
}
