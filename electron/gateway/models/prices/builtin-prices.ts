import type { PriceConfig } from '../../../../shared/schemas/config.js';

/** A built-in price; `cacheWrite` is what Anthropic charges for writing the prompt cache. */
export interface BuiltinPrice extends PriceConfig {
  cacheWrite?: number;
}

// USD per 1M tokens: input, output, cached (prompt-cache read) input: the providers' public
// list prices (standard tier, shortest-context tier where prices depend on prompt length) as
// known when this table was written; they were not re-checked from this offline machine. Prices change: `prices:` in the config
// overrides any of them, and an unknown model costs 0 until priced there.
// Keys are model families: a dated or suffixed name (`claude-sonnet-4-5-20250929`,
// `gpt-4o-2024-08-06`) is priced by the longest key it starts with.
const anthropic = (input: number, output: number): BuiltinPrice => ({ input, output, cachedInput: input / 10, cacheWrite: input * 1.25 });

export const builtinPrices: Record<string, BuiltinPrice> = {
  // OpenAI
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5-codex': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'gpt-5-pro': { input: 15, output: 120 },
  o1: { input: 15, output: 60, cachedInput: 7.5 },
  'o1-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o1-pro': { input: 150, output: 600 },
  o3: { input: 2, output: 8, cachedInput: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o3-pro': { input: 20, output: 80 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  'codex-mini': { input: 1.5, output: 6, cachedInput: 0.375 },
  // Anthropic (cache reads at a tenth of input, cache writes at 1.25x)
  'claude-opus-4': anthropic(15, 75),
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4-5': anthropic(5, 25),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-sonnet-4-5': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-3-5-sonnet': anthropic(3, 15),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'claude-3-opus': anthropic(15, 75),
  'claude-3-haiku': { input: 0.25, output: 1.25, cachedInput: 0.03, cacheWrite: 0.3 },
  // DeepSeek (V3.2 prices since 2025-09-29: one price for chat and reasoner)
  'deepseek-chat': { input: 0.28, output: 0.42, cachedInput: 0.028 },
  'deepseek-reasoner': { input: 0.28, output: 0.42, cachedInput: 0.028 },
  // Google (prompts up to 200k tokens)
  'gemini-2.5-pro': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cachedInput: 0.03 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cachedInput: 0.01 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cachedInput: 0.025 },
};
