import { z } from 'zod';
import type { CanonicalResponse, ContentPart } from '../../canonical.js';
import { HttpError } from '../../../http/http-error.js';
import { fromAnthropicStopReason } from './stop-reason.js';
import { fromAnthropicUsage } from './usage.js';

const upstreamMessage = z.looseObject({
  id: z.string(),
  model: z.string().nullish(),
  content: z.array(z.looseObject({ type: z.string() })),
  stop_reason: z.string().nullish(),
  usage: z.looseObject({}).nullish(),
});

/** The provider answered 2xx with a body that is not an Anthropic message. */
export const badUpstream = (message: string) => new HttpError(502, 'UPSTREAM_BAD_RESPONSE', message);

export function decodeResponse(body: unknown): CanonicalResponse {
  const parsed = upstreamMessage.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badUpstream(`upstream message is malformed at ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const message = parsed.data;
  return {
    id: message.id,
    model: message.model ?? '',
    content: message.content.flatMap(decodeBlock),
    stopReason: fromAnthropicStopReason(message.stop_reason),
    usage: fromAnthropicUsage(message.usage ?? {}),
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

// Blocks of Anthropic-hosted tools (server_tool_use, web_search_tool_result…) are dropped:
// the gateway never offers those tools, so only a provider's own defaults produce them.
function decodeBlock(block: { type: string } & Record<string, unknown>): ContentPart[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: text(block.text) }];
    case 'tool_use':
      return [{ type: 'tool_call', id: text(block.id), name: text(block.name), arguments: JSON.stringify(block.input ?? {}) }];
    case 'thinking': {
      const signature = text(block.signature);
      return [signature ? { type: 'reasoning', text: text(block.thinking), signature } : { type: 'reasoning', text: text(block.thinking) }];
    }
    case 'redacted_thinking':
      return [{ type: 'reasoning', text: '', encrypted: text(block.data) }];
    default:
      return [];
  }
}
