import { describe, expect, it } from 'vitest';
import { provider } from '../../testing/fixtures';
import { applyPreset, initialProviderForm, keyReentryHint, presetKeyHint, providerInput } from './provider-form';

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

  it('says what is wrong with a field in a sentence that names it', () => {
    const blank = initialProviderForm();
    expect(providerInput(blank).errors.id).toBe('Id is required');
    const errors = providerInput({ ...blank, id: 'my provider', baseUrl: 'api.openai.com/v1', rpm: '1.5', timeoutSeconds: '0' }).errors;
    expect(errors).toEqual({
      id: 'Id may use only letters, digits, ".", "_" and "-", and must start with a letter or digit',
      baseUrl: 'Base URL must start with http:// or https://',
      rpm: 'Requests per minute must be a whole number from 1 to 1000000, or blank for no limit',
      timeoutSeconds: 'Timeout must be more than 0 and at most 3600 seconds, or blank for the default',
    });
    expect(providerInput({ ...blank, id: 'ok', baseUrl: 'https://exa mple.com' }).errors.baseUrl).toBe('Base URL is not a valid URL');
    expect(providerInput({ ...blank, id: 'ok', rpm: '60', timeoutSeconds: '90' }).input).toMatchObject({ rpm: 60, timeoutMs: 90_000 });
  });
});

describe('presets in the provider form', () => {
  it('fill base URL, type, models and name, and follow with the id until the user types one', () => {
    const picked = applyPreset(initialProviderForm(), 'deepseek', null);
    expect(picked).toMatchObject({ id: 'deepseek', name: 'DeepSeek', type: 'openai-chat', baseUrl: 'https://api.deepseek.com/v1', models: ['deepseek-chat', 'deepseek-reasoner'] });
    expect(applyPreset(picked, 'moonshot', 'deepseek').id).toBe('moonshot');
    expect(applyPreset({ ...picked, id: 'my-ds' }, 'moonshot', 'deepseek').id).toBe('my-ds');
    expect(providerInput({ ...picked, apiKey: 'sk-1' }).input).toMatchObject({ id: 'deepseek', apiKey: 'sk-1' });
  });

  it('say where the key usually lives, or that a local server needs none', () => {
    expect(presetKeyHint('openrouter')).toBe("Paste your OpenRouter key, or type ${OPENROUTER_API_KEY} to read it from the gateway's environment.");
    expect(presetKeyHint('vllm')).toBe('A local server: no key needed.');
  });
});
