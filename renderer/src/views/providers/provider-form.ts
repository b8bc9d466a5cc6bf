import { providerInputSchema, type ProviderView } from '@shared/contract';
import { providerPreset } from '@shared/provider-presets';
import type { ProviderType } from '@shared/schemas/config';
import { hostChanged, hostOf } from '@shared/schemas/provider-host';
import { idError, urlError, wholeNumberError } from '../../lib/form-errors';
import type { ProviderInput } from '../../stores/providers-store';

export interface ProviderFormState {
  id: string;
  name: string;
  type: ProviderType;
  baseUrl: string;
  /** Blank keeps the stored key; the form never sees it. */
  apiKey: string;
  removeKey: boolean;
  models: string[];
  rpm: string;
  timeoutSeconds: string;
  enabled: boolean;
}

export type ProviderFormErrors = Partial<Record<keyof ProviderFormState, string>>;

export const defaultBaseUrls: Record<ProviderType, string> = {
  'openai-chat': 'https://api.openai.com/v1',
  'openai-responses': 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
};

export const initialProviderForm = (provider?: ProviderView): ProviderFormState => ({
  id: provider?.id ?? '',
  name: provider && provider.name !== provider.id ? provider.name : '',
  type: provider?.type ?? 'openai-chat',
  baseUrl: provider?.baseUrl ?? '',
  apiKey: '',
  removeKey: false,
  models: provider?.models ?? [],
  rpm: provider?.rpm ? String(provider.rpm) : '',
  timeoutSeconds: provider?.timeoutMs ? String(provider.timeoutMs / 1_000) : '',
  enabled: provider?.enabled ?? true,
});

const schemaFields: Record<string, keyof ProviderFormState> = { timeoutMs: 'timeoutSeconds' };
const labels: Record<keyof ProviderFormState, string> = {
  id: 'Id',
  name: 'Display name',
  type: 'API type',
  baseUrl: 'Base URL',
  apiKey: 'API key',
  removeKey: 'Remove key',
  models: 'Models',
  rpm: 'Requests per minute',
  timeoutSeconds: 'Timeout',
  enabled: 'Enabled',
};
const maxTimeoutSeconds = 3_600;
const formBaseUrl = (form: ProviderFormState) => (form.baseUrl.trim() || defaultBaseUrls[form.type]).replace(/\/+$/, '');

/**
 * Set when the base URL moves to another scheme, host or port while a key is stored and none
 * is typed: the gateway never sends a stored key to a host it was not entered for.
 */
export function keyReentryHint(provider: ProviderView | undefined, form: ProviderFormState): string | null {
  if (!provider || !(provider.keyPreview || provider.keyFromEnv) || form.apiKey.trim() || form.removeKey) return null;
  if (!hostChanged(provider.baseUrl, formBaseUrl(form))) return null;
  const reference = provider.keyFromEnv ? ` (type \${${provider.keyFromEnv}} to keep reading it from the environment)` : '';
  return `The host changed from ${hostOf(provider.baseUrl)}: enter the key again${reference}. The stored key is only sent to the host it was entered for.`;
}

/** Form -> `providers.save` input, checked with the contract's own schema so errors land on fields. */
export function providerInput(form: ProviderFormState, provider?: ProviderView): { input: ProviderInput | null; errors: ProviderFormErrors } {
  const errors: ProviderFormErrors = {};
  const found = (key: keyof ProviderFormState, error: string | undefined) => {
    if (error) errors[key] ??= error;
  };
  found('id', idError(labels.id, form.id));
  if (form.baseUrl.trim()) found('baseUrl', urlError(labels.baseUrl, form.baseUrl));
  if (keyReentryHint(provider, form)) errors.apiKey = 'Enter the key again: the host changed';
  found('rpm', wholeNumberError(labels.rpm, form.rpm, 1, 1_000_000, 'no limit'));
  const rpm = form.rpm.trim() ? Number(form.rpm) : undefined;
  const timeout = form.timeoutSeconds.trim() ? Number(form.timeoutSeconds) : undefined;
  if (timeout !== undefined && !(timeout > 0 && timeout <= maxTimeoutSeconds)) {
    errors.timeoutSeconds = `Timeout must be more than 0 and at most ${maxTimeoutSeconds} seconds, or blank for the default`;
  }
  const input = {
    id: form.id.trim(),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    type: form.type,
    baseUrl: formBaseUrl(form),
    ...(form.removeKey ? { apiKey: '' } : form.apiKey.trim() ? { apiKey: form.apiKey.trim() } : {}),
    models: form.models,
    ...(rpm !== undefined ? { rpm } : {}),
    ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1_000) } : {}),
    enabled: form.enabled,
  };
  const parsed = providerInputSchema.safeParse(input);
  if (!parsed.success) {
    // Whatever the checks above let through still reads as a sentence about its field.
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'id');
      const field = schemaFields[key] ?? (key as keyof ProviderFormState);
      errors[field] ??= `${labels[field] ?? key} is not valid (${issue.message})`;
    }
  }
  return Object.keys(errors).length ? { input: null, errors } : { input: input as ProviderInput, errors };
}

/**
 * Fills the form from a preset (base URL, type, models, name), keeping an id the user typed;
 * an id still equal to the previous preset's follows the new one.
 */
export function applyPreset(form: ProviderFormState, presetId: string, previousPresetId: string | null): ProviderFormState {
  const preset = providerPreset(presetId);
  const idIsOurs = !form.id.trim() || form.id === previousPresetId;
  return { ...form, id: idIsOurs ? preset.id : form.id, name: preset.label, type: preset.type, baseUrl: preset.baseUrl, models: [...preset.models] };
}

/** What the key field says for a preset: where its key usually lives, or that it needs none. */
export function presetKeyHint(presetId: string): string {
  const preset = providerPreset(presetId);
  if (!preset.keyEnv) return 'A local server: no key needed.';
  return `Paste your ${preset.label} key, or type \${${preset.keyEnv}} to read it from the gateway's environment.`;
}
