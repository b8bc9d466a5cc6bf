import type { PriceConfig } from '../../../../shared/schemas/config.js';
import { builtinPrices, type BuiltinPrice } from './builtin-prices.js';

// Model names arrive decorated: `anthropic/claude-sonnet-4.5` (OpenRouter),
// `claude-sonnet-4-5@20250929` (Vertex), `us.anthropic.claude-sonnet-4-5-20250929-v1:0`
// (Bedrock), `gpt-4o-2024-08-06`, `deepseek-chat-latest`. Each is reduced to candidates,
// then priced by exact key or by the longest key it starts with at a word boundary.

function candidates(model: string): string[] {
  const lower = model.trim().toLowerCase();
  const names = new Set([lower]);
  let bare = lower.slice(lower.lastIndexOf('/') + 1);
  bare = bare.replace(/^(?:[a-z]{2,6}\.)?anthropic\./, '').split('@')[0] ?? bare;
  names.add(bare);
  // OpenRouter writes versions with dots (claude-sonnet-4.5); Anthropic's ids use dashes.
  if (bare.startsWith('claude-')) names.add(bare.replace(/(\d)\.(\d)/g, '$1-$2'));
  return [...names];
}

const boundary = /^[-.:_@]/;

function longestPrefix<T>(name: string, table: Record<string, T>): T | undefined {
  let bestLength = 0;
  let best: T | undefined;
  // Later keys win a tie: configured keys are spread after the built-in ones.
  for (const [key, value] of Object.entries(table)) {
    const lowerKey = key.toLowerCase();
    if (!name.startsWith(lowerKey) || lowerKey.length < bestLength) continue;
    if (name.length > lowerKey.length && !boundary.test(name.slice(lowerKey.length))) continue;
    bestLength = lowerKey.length;
    best = value;
  }
  return best;
}

function find<T>(model: string, table: Record<string, T>): T | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  const names = candidates(model);
  for (const name of names) if (Object.hasOwn(table, name)) return table[name];
  for (const name of names) {
    const found = longestPrefix(name, table);
    if (found) return found;
  }
  return undefined;
}

interface PriceTable {
  merged: Record<string, BuiltinPrice>;
  answers: Map<string, BuiltinPrice | null>;
}

// Pricing runs once per model call: per configured table, the merged table (configured keys
// win) and every name's answer are kept until the config object changes.
const tables = new WeakMap<object, PriceTable>();

/** The price for a model: exact configured or built-in key, else the longest family key of both. */
export function priceFor(model: string, configured: Record<string, PriceConfig> = {}): BuiltinPrice | undefined {
  let table = tables.get(configured);
  if (!table) {
    table = { merged: { ...builtinPrices, ...configured }, answers: new Map() };
    tables.set(configured, table);
  }
  const known = table.answers.get(model);
  if (known !== undefined) return known ?? undefined;
  const price = find(model, table.merged) ?? null;
  if (table.answers.size > 5_000) table.answers.clear();
  table.answers.set(model, price);
  return price ?? undefined;
}
