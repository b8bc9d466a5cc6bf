import type { AgentInfo } from '@shared/contract';
import { formatRelative } from '../../lib/format';
import { useNow } from '../tasks/use-now';

/** What the dashboard knows of an agent connected over the hub: its Agent Card, connection and messages. */
export function RemoteAgentFacts({ agent }: { agent: AgentInfo }) {
  const remote = agent.remote;
  const now = useNow(Boolean(remote && !remote.disconnectedAt), 5_000);
  if (!remote) return null;
  const card = remote.card;
  const owner = [card?.owner?.user_id, card?.owner?.device_id].filter(Boolean).join(' · ');
  return (
    <>
      {card?.description ? (
        <p className="card-note" data-testid="agent-card-description">
          {card.description}
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd data-testid="agent-card-type">
            {card?.agent_type ?? 'remote'}
            {card?.version ? <span className="muted"> · v{card.version.replace(/^v/, '')}</span> : null}
          </dd>
        </div>
        {remote.disconnectedAt ? (
          <div>
            <dt>Disconnected</dt>
            <dd data-testid="agent-remote-disconnected" title={remote.disconnectedAt}>
              {formatRelative(remote.disconnectedAt, now)}
            </dd>
          </div>
        ) : (
          <div>
            <dt>Connected</dt>
            <dd data-testid="agent-remote-connected" title={remote.connectedAt}>
              {formatRelative(remote.connectedAt, now)}
            </dd>
          </div>
        )}
        <div>
          <dt>Last heartbeat</dt>
          <dd data-testid="agent-remote-heartbeat" title={remote.lastHeartbeat}>
            {formatRelative(remote.lastHeartbeat, now)}
          </dd>
        </div>
        <div>
          <dt>Messages</dt>
          <dd data-testid="agent-remote-messages">
            {remote.messagesSent} sent · {remote.messagesReceived} received
          </dd>
        </div>
        <div>
          <dt>Load</dt>
          <dd data-testid="agent-load">
            {agent.running} running · {agent.queued} queued <span className="muted">/ max {agent.maxConcurrent}</span>
          </dd>
        </div>
        {owner ? (
          <div>
            <dt>Owner</dt>
            <dd className="mono truncate" data-testid="agent-card-owner">
              {owner}
            </dd>
          </div>
        ) : null}
      </dl>
    </>
  );
}
