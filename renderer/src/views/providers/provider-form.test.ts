import { describe, expect, it } from 'vitest';
import { provider } from '../../testing/fixtures';
import { initialProviderForm, keyReentryHint, providerInput } from './provider-form';

describe('the provider form', () => {
  const stored = provider({ id: 'openai', baseUrl: 'https://api.openai.com/v1', keyPreview: 'sk-…abcd' });

  it('asks for the key again when the host changes, and refuses to save without it', () => {
    const moved = { ...initialProviderForm(stored), baseUrl: 'https://proxy.example.com/v1' };
    expect(keyReentryHint(stored, moved)).toMatch(/enter the key again/);
    expect(providerInput(moved, stored).errors.apiKey).toMatch(/Enter the key again/);
    expect(providerInput({ ...moved, apiKey: 'sk-new-key-0000' }, stored).input).toMatchObject({ apiKey: 'sk-new-key-0000' });
  });

  it('keeps the stored key when only the path changes, or when there is none', () => {
    const samePath = { ...initialProviderForm(stored), baseUrl: 'https://api.openai.com/v2' };
    expect(keyReentryHint(stored, samePath)).toBeNull();
    expect(providerInput(samePath, stored).input).not.toHaveProperty('apiKey');
    const keyless = provider({ keyPreview: null, keyFromEnv: null, baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(keyReentryHint(keyless, { ...initialProviderForm(keyless), baseUrl: 'http://10.0.0.2:11434/v1' })).toBeNull();
  });
});
