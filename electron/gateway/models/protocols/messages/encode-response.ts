import type { CanonicalResponse, ContentPart } from '../../canonical.js';
import type { EncodeContext } from '../types.js';
import { messageId, toolUseId } from './ids.js';
import { toAnthropicStopReason } from './stop-reason.js';
import { toolInput } from './tool-input.js';
import { toAnthropicUsage } from './usage.js';

/** A canonical answer as the Anthropic `message` object a Messages client expects. */
export function encodeResponse(res: CanonicalResponse, ctx: EncodeContext) {
  // Anthropic puts thinking ahead of the answer; chat providers may report it anywhere.
  const reasoning = res.content.filter((part) => part.type === 'reasoning');
  const rest = res.content.filter((part) => part.type !== 'reasoning');
  const content = [...reasoning, ...rest].flatMap((part) => encodeBlock(part, ctx));
  const hasToolCalls = res.content.some((part) => part.type === 'tool_call');
  return {
    id: messageId(res.id),
    type: 'message',
    role: 'assistant',
    model: ctx.requestedModel,
    content,
    stop_reason: toAnthropicStopReason(res.stopReason, hasToolCalls),
    stop_sequence: null,
    usage: toAnthropicUsage(res.usage),
  };
}

export function clientToolName(name: string, ctx: EncodeContext): string {
  return ctx.decode.toolNames.get(name)?.name ?? name;
}

function encodeBlock(part: ContentPart, ctx: EncodeContext): Record<string, unknown>[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ type: 'text', text: part.text }];
    case 'tool_call':
      return [{ type: 'tool_use', id: toolUseId(part.id), name: clientToolName(part.name, ctx), input: toolInput(part.arguments) }];
    case 'reasoning': {
      const blocks: Record<string, unknown>[] = [];
      // Reasoning from other providers has no signature; Claude Code sends the block back
      // with signature '' and the decoder reads that as unsigned again.
      if (part.text !== '' || part.signature) blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature ?? '' });
      if (part.encrypted) blocks.push({ type: 'redacted_thinking', data: part.encrypted });
      return blocks;
    }
    default:
      return [];
  }
}
