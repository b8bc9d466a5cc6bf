import type { Usage } from '../../canonical.js';

export interface WireUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

// Codex deserialises every one of these fields as a required integer once `usage` is present,
// so the details objects are always written, with zeros when unknown.
export function toWireUsage(usage: Usage | undefined): WireUsage {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cachedTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** Responses usage already counts cached tokens inside input_tokens, as canonical Usage does. */
export function fromWireUsage(raw: unknown): Usage | undefined {
  const input = count(field(raw, 'input_tokens'));
  const output = count(field(raw, 'output_tokens'));
  if (input === undefined && output === undefined) return undefined;
  const usage: Usage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  const cached = count(field(field(raw, 'input_tokens_details'), 'cached_tokens'));
  const reasoning = count(field(field(raw, 'output_tokens_details'), 'reasoning_tokens'));
  if (cached !== undefined) usage.cachedTokens = cached;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}

/** Usage from a non-streaming Responses body (pass-through accounting). */
export const usageOf = (body: unknown): Usage | undefined => fromWireUsage(field(body, 'usage'));
