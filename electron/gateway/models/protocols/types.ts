import type { CanonicalRequest, CanonicalResponse, StreamEvent, Usage } from '../canonical.js';
import type { SseEvent } from '../sse.js';
import type { StreamTracker } from './stream-tracker.js';

export type InboundProtocolId = 'chat' | 'responses' | 'messages';
export type ProviderType = 'openai-chat' | 'openai-responses' | 'anthropic';

/** What a request decoder needs beyond the body: Codex namespaces, for example, need a name map. */
export interface DecodeContext {
  /** Filled by the decoder: canonical tool name -> how the client knows it (e.g. a namespace). */
  toolNames: Map<string, { namespace?: string; name: string }>;
}

export interface EncodeContext {
  /** The model name the client asked for; responses echo it back. */
  requestedModel: string;
  /** The decode context of the same request, so tool names map back. */
  decode: DecodeContext;
  /** The decoded request: Responses echoes tools/instructions, for example. */
  request: CanonicalRequest;
}

/**
 * One wire protocol, both directions: the gateway speaks it to clients (inbound) and to
 * providers (outbound). chat <-> openai-chat, responses <-> openai-responses, messages <-> anthropic.
 */
export interface WireProtocol {
  inbound: InboundProtocolId;
  provider: ProviderType;

  // client -> gateway
  decodeRequest(body: unknown, ctx: DecodeContext): CanonicalRequest;
  encodeResponse(res: CanonicalResponse, ctx: EncodeContext): unknown;
  encodeStream(events: AsyncIterable<StreamEvent>, ctx: EncodeContext): AsyncIterable<string>;
  /** Error body in this protocol's shape (OpenAI `{error:{message,type,code}}` or Anthropic). */
  errorBody(status: number, code: string, message: string): unknown;
  /** A complete SSE frame that tells a streaming client the call failed mid-way. */
  streamErrorFrame(code: string, message: string): string;

  // gateway -> provider
  /** Path appended to the provider's baseUrl. */
  upstreamPath: string;
  encodeRequest(req: CanonicalRequest, upstreamModel: string): unknown;
  decodeResponse(body: unknown): CanonicalResponse;
  decodeStream(events: AsyncIterable<SseEvent>): AsyncIterable<StreamEvent>;
  /** Follows one pass-through stream of this protocol (usage, completeness, how to fail it). */
  trackStream(): StreamTracker;
  /** Usage from a non-streaming response body of this protocol, for pass-through. */
  usageOf(body: unknown): Usage | undefined;
}
