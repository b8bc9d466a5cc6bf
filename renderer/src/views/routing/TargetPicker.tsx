import type { ProviderView } from '@shared/contract';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';

/** Adds `provider` or `provider:model` to a chain; the model list comes from the chosen provider. */
export function TargetPicker({ providers, onAdd }: { providers: ProviderView[]; onAdd: (target: string) => void }) {
  const [providerId, setProviderId] = useState('');
  const [model, setModel] = useState('');
  const listId = useId();
  const selected = providers.find((provider) => provider.id === providerId) ?? providers[0];
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    onAdd(model.trim() ? `${selected.id}:${model.trim()}` : selected.id);
    setModel('');
  };
  if (!providers.length) return <p className="muted small">Add a provider to build a chain.</p>;
  return (
    <form className="target-picker" onSubmit={add} data-testid="route-target-form">
      <label className="sr-only" htmlFor={`${listId}-provider`}>
        Provider
      </label>
      <select id={`${listId}-provider`} value={selected?.id ?? ''} onChange={(event) => setProviderId(event.target.value)} data-testid="route-target-provider">
        {providers.map((provider) => (
          <option key={provider.id} value={provider.id}>
            {provider.id}
          </option>
        ))}
      </select>
      <span className="muted" aria-hidden="true">
        :
      </span>
      <label className="sr-only" htmlFor={`${listId}-model`}>
        Model (optional)
      </label>
      <input
        id={`${listId}-model`}
        className="mono"
        list={`${listId}-models`}
        value={model}
        onChange={(event) => setModel(event.target.value)}
        placeholder="model (optional)"
        title="Blank: the requested model, or the provider's first model if it does not list it"
        data-testid="route-target-model"
      />
      <datalist id={`${listId}-models`}>
        {selected?.models.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <Button type="submit" size="sm" icon="plus" data-testid="route-target-add">
        Add target
      </Button>
    </form>
  );
}
