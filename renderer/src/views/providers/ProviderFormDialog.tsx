import type { ProviderView } from '@shared/contract';
import { providerTypes } from '@shared/schemas/config';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { ChipsInput } from '../../components/ChipsInput';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { stores } from '../../stores';
import { PresetPicker } from './PresetPicker';
import { applyPreset, defaultBaseUrls, initialProviderForm, keyReentryHint, presetKeyHint, providerInput, type ProviderFormErrors, type ProviderFormState } from './provider-form';

const typeLabels = { 'openai-chat': 'OpenAI Chat Completions', 'openai-responses': 'OpenAI Responses', anthropic: 'Anthropic Messages' } as const;

export function ProviderFormDialog({ provider, onClose }: { provider?: ProviderView; onClose: () => void }) {
  const [form, setForm] = useState<ProviderFormState>(() => initialProviderForm(provider));
  const [errors, setErrors] = useState<ProviderFormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preset, setPreset] = useState<string | null>(null);
  const pickPreset = (next: string | null) => {
    if (next) setForm((current) => applyPreset(current, next, preset));
    setPreset(next);
  };
  const change = <K extends keyof ProviderFormState>(key: K, value: ProviderFormState[K]) => setForm((current) => ({ ...current, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: fieldErrors } = providerInput(form, provider);
    setErrors(fieldErrors);
    if (!input) return;
    setBusy(true);
    setError(null);
    try {
      await stores.providers.getState().save(input, provider?.id);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const reentry = keyReentryHint(provider, form);
  const keyHint = reentry ? (
    <span data-testid="provider-key-reentry">{reentry}</span>
  ) : provider?.keyFromEnv ? (
    `Read from $${provider.keyFromEnv}. Typing a key here stores it instead.`
  ) : provider?.keyPreview ? (
    `Stored key: ${provider.keyPreview}. Leave blank to keep it.`
  ) : preset ? (
    presetKeyHint(preset)
  ) : (
    'Leave blank for a local server that needs no key.'
  );

  return (
    <Dialog title={provider ? `Edit ${provider.name}` : 'Add a provider'} description="Where model calls go: an OpenAI- or Anthropic-compatible endpoint." onClose={onClose} testId="provider-dialog" wide>
      <form onSubmit={(event) => void save(event)} data-testid="provider-form" noValidate>
        {provider ? null : <PresetPicker value={preset} onChange={pickPreset} />}
        <div className="form-grid">
          <Field label="Id" hint="Used in routing rules, e.g. openai:gpt-4o." error={errors.id}>
            <input value={form.id} onChange={(event) => change('id', event.target.value)} placeholder="openai" autoFocus={!provider} data-testid="provider-id" />
          </Field>
          <Field label="Display name (optional)" error={errors.name}>
            <input value={form.name} onChange={(event) => change('name', event.target.value)} data-testid="provider-name" />
          </Field>
          <Field label="API type" error={errors.type}>
            <select value={form.type} onChange={(event) => change('type', event.target.value as ProviderFormState['type'])} data-testid="provider-type">
              {providerTypes.map((type) => (
                <option key={type} value={type}>
                  {typeLabels[type]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Base URL" error={errors.baseUrl}>
            <input className="mono" type="url" value={form.baseUrl} onChange={(event) => change('baseUrl', event.target.value)} placeholder={defaultBaseUrls[form.type]} data-testid="provider-base-url" />
          </Field>
        </div>
        <Field label="API key" hint={keyHint} error={errors.apiKey}>
          <input type="password" autoComplete="off" value={form.apiKey} disabled={form.removeKey} onChange={(event) => change('apiKey', event.target.value)} placeholder={provider?.keyPreview ?? ''} data-testid="provider-key" />
        </Field>
        {provider?.keyPreview && !provider.keyFromEnv ? (
          <label className="checkbox">
            <input type="checkbox" checked={form.removeKey} onChange={(event) => change('removeKey', event.target.checked)} data-testid="provider-remove-key" />
            Remove the stored key
          </label>
        ) : null}
        <Field label="Models" hint="The models this provider serves; Enter or comma adds one. Blank: any model routed to it." error={errors.models}>
          <ChipsInput values={form.models} onChange={(models) => change('models', models)} placeholder="gpt-4o, gpt-4o-mini" testId="provider-models" />
        </Field>
        <div className="form-grid">
          <Field label="Requests per minute" hint="Blank: no limit." error={errors.rpm}>
            <input inputMode="numeric" value={form.rpm} onChange={(event) => change('rpm', event.target.value)} data-testid="provider-rpm" />
          </Field>
          <Field label="Timeout (seconds)" hint="Blank: the gateway default." error={errors.timeoutSeconds}>
            <input inputMode="decimal" value={form.timeoutSeconds} onChange={(event) => change('timeoutSeconds', event.target.value)} data-testid="provider-timeout" />
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(event) => change('enabled', event.target.checked)} data-testid="provider-enabled" />
          Enabled: routing may send calls here
        </label>
        <InlineError testId="provider-form-error">{error}</InlineError>
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid="provider-save">
            {provider ? 'Save changes' : 'Add provider'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
