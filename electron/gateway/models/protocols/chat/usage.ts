import type { Usage } from '../../canonical.js';
import type { SseEvent } from '../../sse.js';
import type { ChatUsage } from './wire-types.js';

export function fromChatUsage(usage: ChatUsage): Usage {
  const result: Usage = {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
  };
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens;
  if (typeof cached === 'number') result.cachedTokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') result.reasoningTokens = reasoning;
  return result;
}

export function toChatUsage(usage: Usage): ChatUsage {
  const result: ChatUsage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedTokens !== undefined) result.prompt_tokens_details = { cached_tokens: usage.cachedTokens };
  if (usage.reasoningTokens !== undefined) {
    result.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return result;
}

const isUsage = (value: unknown): value is ChatUsage => typeof value === 'object' && value !== null;

export function usageOf(body: unknown): Usage | undefined {
  const usage = isUsage(body) ? (body as { usage?: unknown }).usage : undefined;
  return isUsage(usage) ? fromChatUsage(usage) : undefined;
}

// Runs on every pass-through chunk. With include_usage OpenAI puts `"usage":null` on every
// chunk, so the pre-check looks for `"usage"` followed by an object before paying for
// JSON.parse. Inside JSON strings quotes are escaped, so `"usage"` can only be a key.
export function sniffUsage(event: SseEvent): Usage | undefined {
  if (!hasUsageObject(event.data)) return undefined;
  try {
    return usageOf(JSON.parse(event.data));
  } catch {
    // A malformed chunk is still forwarded to the client as it came; it just has no usage.
    return undefined;
  }
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

function hasUsageObject(data: string): boolean {
  const key = data.lastIndexOf('"usage"');
  if (key === -1) return false;
  let i = key + 7;
  while (isSpace(data.charCodeAt(i))) i++;
  if (data.charCodeAt(i) !== 58 /* : */) return false;
  i++;
  while (isSpace(data.charCodeAt(i))) i++;
  return data.charCodeAt(i) === 123; /* { */
}
