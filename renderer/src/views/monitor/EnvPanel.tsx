import { useState } from 'react';
import { Button } from '../../components/Button';
import { monitorSelectors, stores, useMonitor } from '../../stores';

const scopeLabel = (agentId: string) => (agentId === '*' ? 'Every agent (default)' : agentId);

/** Env presets: what each agent's next task runs with, a switch (with a snapshot first), snapshots to roll back to. */
export function EnvPanel() {
  const presets = useMonitor(monitorSelectors.presets);
  const active = useMonitor(monitorSelectors.active);
  const snapshots = useMonitor(monitorSelectors.snapshots);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const monitor = stores.monitor.getState();
  if (presets.length === 0) {
    return (
      <section className="card monitor-section" data-testid="env-panel">
        <h2>Env presets</h2>
        <p className="muted">No presets yet. Add them to the config under <code>presets:</code> (see the README, "JSON-RPC").</p>
      </section>
    );
  }
  return (
    <section className="card monitor-section" data-testid="env-panel">
      <h2>Env presets</h2>
      <p className="muted">Applies to the next task an agent of this gateway starts, never to your shell or a CLI's own login files.</p>
      <table className="table">
        <thead>
          <tr><th>Agent</th><th>Active preset</th><th>Switch to</th><th /></tr>
        </thead>
        <tbody>
          {active.map((entry) => {
            const target = chosen[entry.agent_id] ?? presets[0]!.name;
            return (
              <tr key={entry.agent_id} data-testid={`env-row-${entry.agent_id}`}>
                <td>{scopeLabel(entry.agent_id)}</td>
                <td>
                  <span className="mono" data-testid="env-active">{entry.preset}</span>
                  {entry.inherited ? <span className="muted"> (default)</span> : null}
                </td>
                <td>
                  <select aria-label={`Preset for ${scopeLabel(entry.agent_id)}`} value={target} onChange={(event) => setChosen({ ...chosen, [entry.agent_id]: event.target.value })} data-testid="env-select">
                    {presets.map((preset) => (
                      <option key={preset.name} value={preset.name}>
                        {preset.name}{preset.description ? ` — ${preset.description}` : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <div className="row-actions">
                    <Button size="sm" variant="primary" onClick={() => void monitor.switchPreset(entry.agent_id, target)} data-testid="env-switch">Switch</Button>
                    <Button size="sm" onClick={() => void monitor.snapshot(entry.agent_id)} data-testid="env-snapshot">Snapshot</Button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>Snapshots</h3>
      {snapshots.length === 0 ? (
        <p className="muted">None yet: a switch takes one first.</p>
      ) : (
        <table className="table" data-testid="env-snapshots">
          <thead>
            <tr><th>Snapshot</th><th>Agent</th><th>Preset</th><th>Taken</th><th /></tr>
          </thead>
          <tbody>
            {snapshots.slice(0, 20).map((snapshot) => (
              <tr key={snapshot.snapshot_id}>
                <td className="mono" title={`sha256 ${snapshot.checksum}`}>{snapshot.snapshot_id}</td>
                <td>{scopeLabel(snapshot.agent_id)}</td>
                <td className="mono">{snapshot.preset_name}</td>
                <td>{new Date(snapshot.timestamp).toLocaleString()}</td>
                <td>
                  <div className="row-actions">
                    <Button size="sm" onClick={() => void monitor.rollback(snapshot.snapshot_id)} data-testid={`env-rollback-${snapshot.snapshot_id}`}>Roll back</Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
