import type { ProviderView } from '@shared/contract';
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { providersSelectors, stores, useProviders } from '../../stores';
import { ProviderCard } from './ProviderCard';
import { ProviderFormDialog } from './ProviderFormDialog';

type Editing = { provider?: ProviderView } | null;

export function ProvidersView() {
  const providers = useProviders(providersSelectors.providers);
  const loaded = useProviders(providersSelectors.loaded);
  const error = useProviders(providersSelectors.error);
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<ProviderView | null>(null);
  useEffect(() => void stores.providers.getState().load(), []);

  return (
    <>
      <PageHeader
        title="Providers"
        description="Model endpoints the gateway forwards calls to. Routing rules choose among them."
        actions={
          <Button variant="primary" icon="plus" onClick={() => setEditing({})} data-testid="provider-add">
            Add provider
          </Button>
        }
      />
      <InlineError testId="providers-error" action={<Button size="sm" onClick={() => void stores.providers.getState().load()}>Retry</Button>}>
        {error}
      </InlineError>
      {loaded && !providers.length ? (
        <EmptyState
          icon="providers"
          title="Add your first provider"
          action={
            <Button variant="primary" icon="plus" onClick={() => setEditing({})}>
              Add provider
            </Button>
          }
        >
          <p>
            A provider is an OpenAI- or Anthropic-compatible endpoint: OpenAI, Anthropic, DeepSeek, OpenRouter, or a local server such as Ollama at{' '}
            <code>http://127.0.0.1:11434/v1</code>. Add one, then send clients to this gateway from Settings.
          </p>
        </EmptyState>
      ) : null}
      {!loaded && !error ? <div className="skeleton-grid" aria-busy="true" aria-label="Loading providers" /> : null}
      <div className="card-grid" data-testid="provider-list">
        {providers.map((provider) => (
          <ProviderCard key={provider.id} provider={provider} onEdit={() => setEditing({ provider })} onRemove={() => setRemoving(provider)} />
        ))}
      </div>
      {editing ? <ProviderFormDialog provider={editing.provider} onClose={() => setEditing(null)} /> : null}
      {removing ? (
        <ConfirmDialog title={`Remove ${removing.name}?`} confirmLabel="Remove provider" danger onClose={() => setRemoving(null)} onConfirm={async () => void (await stores.providers.getState().remove(removing.id))}>
          <p>Calls routed to it will fall through to the next target in their chain. Rules that name it must be changed first.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
