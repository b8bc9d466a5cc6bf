// The parts of the OpenAI Chat Completions wire format this codec reads from upstream
// providers. Everything is optional because OpenAI-compatible servers differ in what they
// omit; the decoders check what they use.

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  /** DeepSeek reports cache hits here as well as (newer) in prompt_tokens_details. */
  prompt_cache_hit_tokens?: number;
}

export interface ChatToolCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

/** `message` of a completion and `delta` of a chunk share these fields. */
export interface ChatMessageOut {
  role?: string;
  content?: string | null | Array<{ type?: string; text?: string }>;
  refusal?: string | null;
  /** DeepSeek, Moonshot, Qwen and others. */
  reasoning_content?: string | null;
  /** vLLM and OpenRouter name the same thing `reasoning`. */
  reasoning?: string | null;
  tool_calls?: ChatToolCall[] | null;
}

export interface ChatErrorPayload {
  message?: string;
  type?: string;
  code?: string | number | null;
}

export interface ChatCompletion {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; message?: ChatMessageOut; finish_reason?: string | null }>;
  usage?: ChatUsage | null;
  error?: ChatErrorPayload;
}

export interface ChatChunk {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; delta?: ChatMessageOut; finish_reason?: string | null }> | null;
  usage?: ChatUsage | null;
  error?: ChatErrorPayload | string;
}
