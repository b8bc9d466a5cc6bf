import { describe, expect, it } from 'vitest';
import { provider } from '../../testing/fixtures';
import { initialProviderForm, providerInput } from './provider-form';

describe('provider form', () => {
  it('keeps the stored key when the key field is left blank', () => {
    const { input } = providerInput(initialProviderForm(provider({ rpm: 60, timeoutMs: 30_000 })));
    expect(input).toEqual({ id: 'openai', type: 'openai-chat', baseUrl: 'https://api.openai.com/v1', models: ['gpt-4o'], rpm: 60, timeoutMs: 30_000, enabled: true });
    expect(input).not.toHaveProperty('apiKey');
  });

  it('sends a typed key, or an empty one to remove it', () => {
    const form = initialProviderForm(provider());
    expect(providerInput({ ...form, apiKey: ' sk-new ' }).input).toMatchObject({ apiKey: 'sk-new' });
    expect(providerInput({ ...form, apiKey: 'ignored', removeKey: true }).input).toMatchObject({ apiKey: '' });
  });

  it('fills the default base URL for the type and puts schema errors on fields', () => {
    const form = { ...initialProviderForm(), id: 'claude', type: 'anthropic' as const };
    expect(providerInput(form).input).toMatchObject({ baseUrl: 'https://api.anthropic.com' });
    const { input, errors } = providerInput({ ...form, id: 'has space', baseUrl: 'ftp://x', rpm: '-1', timeoutSeconds: '99999' });
    expect(input).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['baseUrl', 'id', 'rpm', 'timeoutSeconds']);
  });
});
