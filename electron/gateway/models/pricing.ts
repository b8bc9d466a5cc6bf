import type { PriceConfig } from '../../../shared/schemas/config.js';
import type { Usage } from './canonical.js';

/** USD for one call; prices are per million tokens, cached input at its own rate when given. */
export function costOf(usage: Usage, prices: Record<string, PriceConfig>, ...models: (string | null | undefined)[]): number {
  const price = models.map((model) => (model ? prices[model] : undefined)).find(Boolean);
  if (!price) return 0;
  const cached = usage.cachedTokens ?? 0;
  const fresh = Math.max(0, usage.inputTokens - cached);
  const total = fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output;
  return total / 1_000_000;
}
