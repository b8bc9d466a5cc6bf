import type { PriceConfig } from '../../../shared/schemas/config.js';
import type { Usage } from './canonical.js';
import { priceFor } from './prices/price-lookup.js';

/** The parts of a call's cost; `cachedInput` is prompt-cache reads at their own rate. */
export interface CostParts {
  input: number;
  cachedInput: number;
  output: number;
}

/** USD per part for one call, priced by the first model that has a price (configured, then built-in). */
export function costParts(usage: Usage, prices: Record<string, PriceConfig>, ...models: (string | null | undefined)[]): CostParts | undefined {
  let price: PriceConfig | undefined;
  for (const model of models) {
    price = model ? priceFor(model, prices) : undefined;
    if (price) break;
  }
  if (!price) return undefined;
  const cached = usage.cachedTokens ?? 0;
  const fresh = Math.max(0, usage.inputTokens - cached);
  return {
    input: (fresh * price.input) / 1_000_000,
    cachedInput: (cached * (price.cachedInput ?? price.input)) / 1_000_000,
    output: (usage.outputTokens * price.output) / 1_000_000,
  };
}

/** USD for one call; 0 when no model of the call has a price. */
export function costOf(usage: Usage, prices: Record<string, PriceConfig>, ...models: (string | null | undefined)[]): number {
  const parts = costParts(usage, prices, ...models);
  return parts ? parts.input + parts.cachedInput + parts.output : 0;
}
