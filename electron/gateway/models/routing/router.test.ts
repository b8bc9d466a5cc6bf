import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../../shared/schemas/config.js';
import { listModelNames, resolveChain } from './router.js';

const config = configSchema.parse({
  providers: [
    { id: 'deepseek', type: 'openai-chat', baseUrl: 'http://127.0.0.1:1/v1', models: ['deepseek-chat', 'deepseek-reasoner'] },
    { id: 'anthropic', type: 'anthropic', baseUrl: 'http://127.0.0.1:2', models: ['claude-sonnet-4-5'] },
    { id: 'ollama', type: 'openai-chat', baseUrl: 'http://127.0.0.1:3/v1', models: ['qwen3:14b'] },
    { id: 'off', type: 'openai-chat', baseUrl: 'http://127.0.0.1:4/v1', models: ['off-model'], enabled: false },
  ],
  routes: [
    { match: 'claude-*', to: ['anthropic', 'deepseek:deepseek-chat'] },
    { match: 'local', to: ['ollama:qwen3:14b'] },
  ],
});

const chain = (model: string) => resolveChain(config, model).targets.map((t) => `${t.provider.id}/${t.model}`);

describe('routing', () => {
  it('takes the first matching rule and remaps models per target', () => {
    expect(chain('claude-sonnet-4-5')).toEqual(['anthropic/claude-sonnet-4-5', 'deepseek/deepseek-chat']);
    expect(chain('claude-opus-4')).toEqual(['anthropic/claude-sonnet-4-5', 'deepseek/deepseek-chat']);
    expect(chain('local')).toEqual(['ollama/qwen3:14b']);
  });

  it('falls back to the provider listing the model, else 404', () => {
    expect(chain('deepseek-reasoner')).toEqual(['deepseek/deepseek-reasoner']);
    expect(() => chain('off-model')).toThrow(/does not exist/);
    expect(() => chain('gpt-9')).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found' }));
  });

  it('lists provider models and literal route names', () => {
    const ids = listModelNames(config).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['deepseek-chat', 'claude-sonnet-4-5', 'qwen3:14b', 'local']));
    expect(ids).not.toContain('claude-*');
    expect(ids).not.toContain('off-model');
  });
});
