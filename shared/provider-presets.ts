import type { ProviderType } from './schemas/config.js';
import type { BalancePresetId } from './schemas/quota.js';

/**
 * A well-known provider, so adding one is picking it and pasting a key. Used by
 * `agentmesh provider add --preset`, `agentmesh setup` and the dashboard's Add provider dialog.
 */
export interface ProviderPreset {
  id: string;
  label: string;
  type: ProviderType;
  baseUrl: string;
  /** Model names worth routing to it; a hint, the user may change them. */
  models: string[];
  /** The environment variable its key is usually kept in. Absent: a local server needing no key. */
  keyEnv?: string;
  /** Where the remaining balance is read (the base URL's host picks it too). */
  balance?: BalancePresetId;
  headers?: Record<string, string>;
  /** Runs on this machine: no key, and only useful while the server is up. */
  local?: boolean;
}

export const providerPresets = {
  openai: {
    id: 'openai',
    label: 'OpenAI',
    type: 'openai-responses',
    baseUrl: 'https://api.openai.com/v1',
    models: ['gpt-5', 'gpt-5-mini', 'gpt-5-codex', 'gpt-4.1'],
    keyEnv: 'OPENAI_API_KEY',
  },
  anthropic: {
    id: 'anthropic',
    label: 'Anthropic',
    type: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    models: ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'],
    keyEnv: 'ANTHROPIC_API_KEY',
  },
  deepseek: {
    id: 'deepseek',
    label: 'DeepSeek',
    type: 'openai-chat',
    baseUrl: 'https://api.deepseek.com/v1',
    models: ['deepseek-chat', 'deepseek-reasoner'],
    keyEnv: 'DEEPSEEK_API_KEY',
    balance: 'deepseek',
  },
  openrouter: {
    id: 'openrouter',
    label: 'OpenRouter',
    type: 'openai-chat',
    baseUrl: 'https://openrouter.ai/api/v1',
    models: ['anthropic/claude-sonnet-4.5', 'openai/gpt-5', 'google/gemini-2.5-pro', 'deepseek/deepseek-chat'],
    keyEnv: 'OPENROUTER_API_KEY',
    balance: 'openrouter',
    // OpenRouter shows calls under this app name.
    headers: { 'X-Title': 'AgentMesh' },
  },
  moonshot: {
    id: 'moonshot',
    label: 'Moonshot (Kimi)',
    type: 'openai-chat',
    baseUrl: 'https://api.moonshot.ai/v1',
    models: ['kimi-k2-0905-preview', 'kimi-k2-turbo-preview', 'moonshot-v1-32k'],
    keyEnv: 'MOONSHOT_API_KEY',
    balance: 'moonshot',
  },
  siliconflow: {
    id: 'siliconflow',
    label: 'SiliconFlow',
    type: 'openai-chat',
    baseUrl: 'https://api.siliconflow.cn/v1',
    models: ['deepseek-ai/DeepSeek-V3', 'Qwen/Qwen3-Coder-480B-A35B-Instruct', 'moonshotai/Kimi-K2-Instruct'],
    keyEnv: 'SILICONFLOW_API_KEY',
    balance: 'siliconflow',
  },
  zhipu: {
    id: 'zhipu',
    label: 'Zhipu (GLM)',
    type: 'openai-chat',
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    models: ['glm-4.6', 'glm-4.5-air'],
    keyEnv: 'ZHIPUAI_API_KEY',
  },
  gemini: {
    id: 'gemini',
    label: 'Google Gemini (OpenAI-compatible)',
    type: 'openai-chat',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    models: ['gemini-2.5-pro', 'gemini-2.5-flash'],
    keyEnv: 'GEMINI_API_KEY',
  },
  ollama: {
    id: 'ollama',
    label: 'Ollama (local)',
    type: 'openai-chat',
    baseUrl: 'http://127.0.0.1:11434/v1',
    models: ['qwen3:14b', 'llama3.1:8b'],
    local: true,
  },
  lmstudio: {
    id: 'lmstudio',
    label: 'LM Studio (local)',
    type: 'openai-chat',
    baseUrl: 'http://127.0.0.1:1234/v1',
    models: [],
    local: true,
  },
  vllm: {
    id: 'vllm',
    label: 'vLLM (local)',
    type: 'openai-chat',
    baseUrl: 'http://127.0.0.1:8000/v1',
    models: [],
    local: true,
  },
} as const satisfies Record<string, ProviderPreset>;

export type ProviderPresetId = keyof typeof providerPresets;
export const providerPresetIds = Object.keys(providerPresets) as ProviderPresetId[];

export const isProviderPresetId = (name: string): name is ProviderPresetId => Object.hasOwn(providerPresets, name);

export function providerPreset(name: string): ProviderPreset {
  if (!isProviderPresetId(name)) throw new Error(`unknown preset "${name}"; one of: ${providerPresetIds.join(', ')}`);
  return providerPresets[name];
}

export interface PresetChoices {
  id?: string;
  /** A key, or a `${VAR}` reference to one. Omitted: the preset's variable (none for a local server). */
  apiKey?: string;
  models?: string[];
  baseUrl?: string;
}

/** The provider entry of the config document a preset makes (a `${VAR}` key stays a reference). */
export function providerFromPreset(name: string, choices: PresetChoices = {}) {
  const preset = providerPreset(name);
  const apiKey = choices.apiKey ?? (preset.keyEnv ? `\${${preset.keyEnv}}` : undefined);
  return {
    id: choices.id ?? preset.id,
    name: preset.label,
    type: preset.type,
    baseUrl: choices.baseUrl ?? preset.baseUrl,
    ...(apiKey !== undefined ? { apiKey } : {}),
    models: choices.models ?? [...preset.models],
    ...(preset.headers ? { headers: { ...preset.headers } } : {}),
    ...(preset.balance ? { balance: { preset: preset.balance } } : {}),
  };
}
