import type { Usage } from '../../canonical.js';
import type { SseEvent } from '../../sse.js';

/** The counters of an Anthropic `usage` object this codec reads; every one may be absent or null. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

// Anthropic's input_tokens excludes cache reads and cache writes; canonical input counts them.
export function fromAnthropicUsage(usage: AnthropicUsage): Usage {
  const cached = count(usage.cache_read_input_tokens);
  const result: Usage = {
    inputTokens: count(usage.input_tokens) + cached + count(usage.cache_creation_input_tokens),
    outputTokens: count(usage.output_tokens),
  };
  if (usage.cache_read_input_tokens != null) result.cachedTokens = cached;
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (thinking != null) result.reasoningTokens = count(thinking);
  return result;
}

/** What the client sees; cache writes are unknown once a request went through another provider. */
export function toAnthropicUsage(usage: Usage | undefined) {
  const cached = usage?.cachedTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - cached),
    output_tokens: usage?.outputTokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function usageOf(body: unknown): Usage | undefined {
  const usage = isObject(body) ? body.usage : undefined;
  return isObject(usage) ? fromAnthropicUsage(usage) : undefined;
}

/**
 * Usage carried by one pass-through event: message_start has the input side, message_delta
 * the cumulative output (and, lately, input totals too). Counters an event lacks are 0; the
 * caller merges by maximum. The string test skips JSON.parse for every text delta.
 */
export function sniffUsage(event: SseEvent): Usage | undefined {
  if (!event.data.includes('"usage"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  if (parsed.type === 'message_start') return usageOf(parsed.message);
  if (parsed.type === 'message_delta') return usageOf(parsed);
  return undefined;
}
