import { useEffect } from 'react';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { agentsSelectors, monitorSelectors, stores, useAgents, useMonitor } from '../../stores';
import { EnvPanel } from './EnvPanel';
import { MetricChart } from './MetricChart';

const refreshMs = 15_000;

/** Per-agent CPU, memory and response time (metrics.query), coordination locks, env presets, and the audit log. */
export function MonitorView() {
  const agents = useAgents(agentsSelectors.agents);
  const agentId = useMonitor(monitorSelectors.agentId);
  const samples = useMonitor(monitorSelectors.samples);
  const locks = useMonitor(monitorSelectors.locks);
  const audit = useMonitor(monitorSelectors.audit);
  const error = useMonitor(monitorSelectors.error);
  const monitor = stores.monitor.getState();
  useEffect(() => {
    void stores.monitor.getState().load();
    const timer = setInterval(() => void stores.monitor.getState().load(), refreshMs);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!agentId && agents[0]) void stores.monitor.getState().selectAgent(agents[0].id);
  }, [agentId, agents]);

  return (
    <>
      <PageHeader title="Monitor" description="How each agent is doing, the coordination locks held, env presets, and every state-changing call." />
      {error ? <InlineError>{error}</InlineError> : null}
      <section className="card monitor-section" data-testid="monitor-metrics">
        <div className="card-header">
          <h2>Agent metrics</h2>
          <select aria-label="Agent" value={agentId ?? ''} onChange={(event) => void monitor.selectAgent(event.target.value)} data-testid="monitor-agent">
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>{agent.id}</option>
            ))}
            <option value="gateway">gateway (this process)</option>
          </select>
        </div>
        <p className="muted">The last hour, one point a minute; a gap is a time the figure could not be measured (no process running).</p>
        <div className="metric-grid">
          <MetricChart samples={samples} field="cpu_percent" label="CPU" unit="%" />
          <MetricChart samples={samples} field="memory_mb" label="Memory" unit="MB" />
          <MetricChart samples={samples} field="response_time_ms" label="Response time" unit="ms" />
        </div>
      </section>
      <section className="card monitor-section" data-testid="monitor-locks">
        <h2>Locks held</h2>
        {locks.length === 0 ? (
          <p className="muted">No coordination lock is held.</p>
        ) : (
          <table className="table">
            <thead>
              <tr><th>Lock</th><th>Type</th><th>Owner</th><th>Expires</th><th>Waiting</th></tr>
            </thead>
            <tbody>
              {locks.map((lock) => (
                <tr key={lock.lock_id} data-testid="lock-row">
                  <td className="mono">{lock.lock_name}</td>
                  <td>{lock.lock_type}</td>
                  <td className="mono">{lock.owner}</td>
                  <td>{new Date(lock.expires_at).toLocaleTimeString()}</td>
                  <td>{lock.waiting}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <EnvPanel />
      <section className="card monitor-section" data-testid="monitor-audit">
        <h2>Audit log</h2>
        {audit.length === 0 ? (
          <p className="muted">Nothing changed yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr><th>When</th><th>Who</th><th>Face</th><th>What</th><th>Outcome</th></tr>
            </thead>
            <tbody>
              {audit.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <td>{new Date(entry.ts).toLocaleTimeString()}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.face}</td>
                  <td className="mono">{entry.action}{entry.target ? ` ${entry.target}` : ''}</td>
                  <td className={entry.outcome === 'ok' ? undefined : 'outcome-failed'}>{entry.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
