import { describe, expect, it } from 'vitest';
import { presetForBaseUrl } from '../electron/gateway/quota/balance-presets.js';
import { providerFromPreset, providerPresetIds, providerPresets } from './provider-presets.js';
import { configSchema } from './schemas/config.js';

describe('provider presets', () => {
  it('make a provider entry the config accepts, for every preset', () => {
    const providers = providerPresetIds.map((name) => providerFromPreset(name, { apiKey: 'sk-test' }));
    const parsed = configSchema.parse({ providers });
    expect(parsed.providers.map((provider) => provider.id)).toEqual(providerPresetIds);
  });

  it('cover the providers users ask for', () => {
    expect(providerPresetIds).toEqual(expect.arrayContaining(['openai', 'anthropic', 'deepseek', 'openrouter', 'moonshot', 'siliconflow', 'zhipu', 'gemini', 'ollama', 'lmstudio', 'vllm']));
  });

  it('name a balance preset that their own base URL picks too', () => {
    for (const preset of Object.values(providerPresets)) {
      const implied = presetForBaseUrl(preset.baseUrl)?.id;
      expect(implied, preset.id).toBe('balance' in preset ? preset.balance : undefined);
    }
  });

  it('keep the key as a ${VAR} reference unless one is given; local servers need none', () => {
    expect(providerFromPreset('deepseek')).toMatchObject({ apiKey: '${DEEPSEEK_API_KEY}', type: 'openai-chat', balance: { preset: 'deepseek' } });
    expect(providerFromPreset('deepseek', { apiKey: 'sk-1', id: 'ds2' })).toMatchObject({ id: 'ds2', apiKey: 'sk-1' });
    expect(providerFromPreset('ollama')).not.toHaveProperty('apiKey');
    expect(() => providerFromPreset('nope')).toThrow(/unknown preset "nope"; one of: openai/);
  });
});
