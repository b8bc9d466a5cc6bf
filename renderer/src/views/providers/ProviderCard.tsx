import type { ProviderView } from '@shared/contract';
import { Badge, circuitTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { InlineError } from '../../components/InlineError';
import { providersSelectors, stores, useProviders } from '../../stores';
import { BalanceView } from './BalanceView';

interface ProviderCardProps {
  provider: ProviderView;
  onEdit: () => void;
  onRemove: () => void;
}

export function ProviderCard({ provider, onEdit, onRemove }: ProviderCardProps) {
  const test = useProviders(providersSelectors.test(provider.id));
  const actionError = useProviders(providersSelectors.actionError(provider.id));
  const key = provider.keyFromEnv ? `from $${provider.keyFromEnv}` : (provider.keyPreview ?? 'none');
  return (
    <article className="card provider-card" data-testid={`provider-card-${provider.id}`} aria-labelledby={`provider-${provider.id}-name`}>
      <header className="card-header">
        <div className="card-title">
          <h3 id={`provider-${provider.id}-name`}>{provider.name}</h3>
          {provider.name !== provider.id ? <span className="mono muted small">{provider.id}</span> : null}
          <Badge tone="accent">{provider.type}</Badge>
        </div>
        <div className="card-title">
          {!provider.enabled ? (
            <Badge tone="neutral">disabled</Badge>
          ) : (
            <Badge tone={provider.available ? 'success' : 'danger'} dot testId="provider-health">
              {provider.available ? 'available' : 'unavailable'}
            </Badge>
          )}
          <Badge tone={circuitTone(provider.circuit)} testId="provider-circuit">
            circuit {provider.circuit}
          </Badge>
        </div>
      </header>
      <dl className="facts">
        <div>
          <dt>Base URL</dt>
          <dd className="mono truncate">{provider.baseUrl}</dd>
        </div>
        <div>
          <dt>Key</dt>
          <dd className="mono" data-testid="provider-key-preview">
            {key}
          </dd>
        </div>
        <div>
          <dt>Limits</dt>
          <dd>
            {provider.rpm ? `${provider.rpm} rpm` : 'no rpm limit'} · {provider.timeoutMs ? `${provider.timeoutMs / 1_000}s timeout` : 'default timeout'}
          </dd>
        </div>
      </dl>
      {provider.configWarning ? (
        <p className="card-note warning-text" data-testid="provider-config-warning">
          {provider.configWarning}
        </p>
      ) : null}
      {provider.reason && !provider.available && provider.reason !== provider.configWarning ? <p className="card-note warning-text">{provider.reason}</p> : null}
      {provider.models.length ? (
        <ul className="chips" aria-label="Models">
          {provider.models.map((model) => (
            <li key={model} className="chip chip-static mono">
              {model}
            </li>
          ))}
        </ul>
      ) : (
        <p className="card-note muted small">No model list: any model routed here is passed through.</p>
      )}
      {provider.balance ? <BalanceView balance={provider.balance} /> : null}
      {test && !test.running ? (
        <div className={test.ok ? 'test-result test-ok' : 'test-result test-fail'} role="status" data-testid="provider-test-result">
          {test.message}
        </div>
      ) : null}
      <InlineError testId="provider-error">{actionError}</InlineError>
      <footer className="card-actions">
        <Button size="sm" icon="zap" busy={test?.running} onClick={() => void stores.providers.getState().test(provider.id)} data-testid="provider-test">
          Test connection
        </Button>
        <Button size="sm" icon="edit" onClick={onEdit} data-testid="provider-edit">
          Edit
        </Button>
        <Button size="sm" variant="ghost" icon="trash" onClick={onRemove} aria-label={`Remove ${provider.id}`} data-testid="provider-remove" />
      </footer>
    </article>
  );
}
