import { Button } from '../../components/Button';
import { InlineError } from '../../components/InlineError';
import { settingsSelectors, stores, useSettings } from '../../stores';
import type { ConnectClient } from '../../stores/settings-store';

const clients: { id: ConnectClient; label: string; what: string }[] = [
  {
    id: 'codex',
    label: 'Connect Codex',
    what: 'Adds this gateway as a model provider for Codex (in ~/.codex). Codex reads the gateway token from the AGENTMESH_TOKEN environment variable: set it where Codex runs.',
  },
  { id: 'claude', label: 'Connect Claude Code', what: 'Points Claude Code at this gateway in ~/.claude/settings.json.' },
];

export function ConnectPanel() {
  return (
    <section className="panel" aria-labelledby="connect-title">
      <h2 id="connect-title" className="panel-title">
        Connect clients
      </h2>
      <p className="muted small">Same as running <code>agentmesh connect codex</code> or <code>agentmesh connect claude</code> on this machine.</p>
      <div className="connect-list">
        {clients.map((client) => (
          <ConnectRow key={client.id} {...client} />
        ))}
      </div>
    </section>
  );
}

function ConnectRow({ id, label, what }: { id: ConnectClient; label: string; what: string }) {
  const outcome = useSettings(settingsSelectors.client(id));
  return (
    <div className="connect-row">
      <div className="connect-head">
        <Button icon="external" busy={outcome?.running} onClick={() => void stores.settings.getState().connectClient(id)} data-testid={`settings-connect-${id}`}>
          {label}
        </Button>
        <span className="muted small">{what}</span>
      </div>
      {outcome?.message ? (
        <pre className="code-block connect-result" role="status" data-testid={`settings-connect-${id}-result`}>
          {outcome.message}
        </pre>
      ) : null}
      <InlineError testId={`settings-connect-${id}-error`}>{outcome?.error}</InlineError>
    </div>
  );
}
