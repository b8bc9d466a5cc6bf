import { describe, expect, it } from 'vitest';
import { costOf, costParts } from '../pricing.js';
import { builtinPrices } from './builtin-prices.js';
import { priceFor } from './price-lookup.js';

describe('price lookup', () => {
  it('prices dated and decorated names by their family', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toEqual(builtinPrices['claude-sonnet-4-5']);
    expect(priceFor('claude-sonnet-4-20250514')).toEqual(builtinPrices['claude-sonnet-4']);
    expect(priceFor('claude-opus-4-5-20251101')).toEqual(builtinPrices['claude-opus-4-5']);
    expect(priceFor('anthropic/claude-sonnet-4.5')).toEqual(builtinPrices['claude-sonnet-4-5']);
    expect(priceFor('claude-haiku-4-5@20251001')).toEqual(builtinPrices['claude-haiku-4-5']);
    expect(priceFor('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual(builtinPrices['claude-sonnet-4-5']);
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual(builtinPrices['gpt-4o-mini']);
    expect(priceFor('gpt-4o-2024-08-06')).toEqual(builtinPrices['gpt-4o']);
    expect(priceFor('openai/gpt-5-codex')).toEqual(builtinPrices['gpt-5-codex']);
    expect(priceFor('o3-mini-2025-01-31')).toEqual(builtinPrices['o3-mini']);
    expect(priceFor('DeepSeek-Chat')).toEqual(builtinPrices['deepseek-chat']);
  });

  it('does not match across a word: gpt-4 is not gpt-4o, o1x is not o1', () => {
    expect(priceFor('gpt-4')).toBeUndefined();
    expect(priceFor('o1x')).toBeUndefined();
    expect(priceFor('qwen3:14b')).toBeUndefined();
  });

  it('lets configured prices override built-in ones, by exact name and by family', () => {
    const configured = { 'claude-sonnet-4-5': { input: 1, output: 1 }, 'my-model': { input: 2, output: 4 } };
    expect(priceFor('claude-sonnet-4-5-20250929', configured)).toEqual({ input: 1, output: 1 });
    expect(priceFor('my-model', configured)).toEqual({ input: 2, output: 4 });
    // A configured family key does not shadow a longer built-in one.
    expect(priceFor('gpt-4o-mini', { 'gpt-4o': { input: 9, output: 9 } })).toEqual(builtinPrices['gpt-4o-mini']);
  });

  it('costs cached input at its own rate and splits the parts', () => {
    const usage = { inputTokens: 1_000_000, cachedTokens: 400_000, outputTokens: 100_000 };
    const parts = costParts(usage, {}, 'gpt-4.1')!;
    expect(parts.input).toBeCloseTo(0.6 * 2);
    expect(parts.cachedInput).toBeCloseTo(0.4 * 0.5);
    expect(parts.output).toBeCloseTo(0.1 * 8);
    expect(costOf(usage, {}, 'unknown-model', 'gpt-4.1')).toBeCloseTo(2.2);
    expect(costOf(usage, {}, 'unknown-model')).toBe(0);
  });
});
