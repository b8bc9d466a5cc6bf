import type { Usage } from './canonical.js';

/** Folds usage reported in pieces (Anthropic: input first, output at the end); counts are cumulative. */
export function mergeUsage(into: Usage | undefined, next: Usage | undefined): Usage | undefined {
  if (!next) return into;
  if (!into) return { ...next };
  return {
    inputTokens: Math.max(into.inputTokens, next.inputTokens),
    outputTokens: Math.max(into.outputTokens, next.outputTokens),
    cachedTokens: Math.max(into.cachedTokens ?? 0, next.cachedTokens ?? 0) || undefined,
    reasoningTokens: Math.max(into.reasoningTokens ?? 0, next.reasoningTokens ?? 0) || undefined,
  };
}
