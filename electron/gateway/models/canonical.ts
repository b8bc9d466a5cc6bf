// The one shape every inbound protocol is decoded into and every provider is encoded from.
// Translating N protocols through this form needs 2N mappings instead of N².

export type Role = 'user' | 'assistant' | 'tool';

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; url?: string; data?: string; mediaType?: string }
  | { type: 'tool_call'; id: string; name: string; arguments: string }
  | { type: 'tool_result'; callId: string; content: string; isError?: boolean }
  | { type: 'reasoning'; text: string; signature?: string; encrypted?: string };

export interface CanonicalMessage {
  role: Role;
  content: ContentPart[];
}

export interface CanonicalTool {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface CanonicalRequest {
  model: string;
  system?: string;
  messages: CanonicalMessage[];
  tools?: CanonicalTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  stream: boolean;
  /** A chat client asked for the final usage chunk (`stream_options.include_usage`). */
  streamUsage?: boolean;
  reasoning?: { effort?: string; budgetTokens?: number };
  user?: string;
}

export type StopReason = 'end' | 'max_tokens' | 'tool_calls' | 'stop_sequence' | 'content_filter';

// inputTokens counts every prompt token, cached ones included; cachedTokens is the part
// served from a prompt cache. (Anthropic reports cache reads apart from input_tokens; its
// codec adds them in and takes them out again.)
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

export interface CanonicalResponse {
  id: string;
  model: string;
  content: ContentPart[];
  stopReason: StopReason;
  usage: Usage;
}

// Stream events, in order: one `start`, then deltas (a tool call is `tool_call_start`
// followed by `tool_call_delta`s with the same index), then exactly one terminal event:
// `finish` (carrying usage when the upstream reported it) or `error`. A decoder whose
// upstream stream ends without a terminal event yields an `error`. `usage` may also arrive
// on its own before the end (Anthropic reports input tokens first).
export type StreamEvent =
  | { type: 'start'; id: string; model: string }
  | { type: 'text_delta'; text: string }
  | { type: 'reasoning_delta'; text: string; signature?: string }
  | { type: 'tool_call_start'; index: number; id: string; name: string }
  | { type: 'tool_call_delta'; index: number; arguments: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; stopReason: StopReason; usage?: Usage }
  | { type: 'error'; message: string; code?: string };

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0 });
