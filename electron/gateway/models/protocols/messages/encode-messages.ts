import type { CanonicalMessage, ContentPart } from '../../canonical.js';
import { toolUseId } from './ids.js';
import { toolInput } from './tool-input.js';

export type AnthropicBlock = { type: string; cache_control?: { type: 'ephemeral' } } & Record<string, unknown>;
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

/**
 * Canonical turns -> Anthropic turns. Anthropic has no tool role: results go in the user turn
 * after the tool_use, first in it, so `tool` and `user` runs merge into one user turn with
 * tool_result blocks ahead of the rest. Consecutive assistant turns merge too.
 */
export function encodeMessages(messages: CanonicalMessage[]): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = message.content.flatMap((part) => encodePart(part, role));
    if (blocks.length === 0) continue;
    const last = out.at(-1);
    if (last?.role !== role) out.push({ role, content: blocks });
    else if (role === 'user') last.content = [...results(last.content), ...results(blocks), ...others(last.content), ...others(blocks)];
    else last.content.push(...blocks);
  }
  return out;
}

const results = (blocks: AnthropicBlock[]) => blocks.filter((block) => block.type === 'tool_result');
const others = (blocks: AnthropicBlock[]) => blocks.filter((block) => block.type !== 'tool_result');

function encodePart(part: ContentPart, role: AnthropicMessage['role']): AnthropicBlock[] {
  switch (part.type) {
    case 'text':
      // Anthropic refuses empty text blocks.
      return part.text === '' ? [] : [{ type: 'text', text: part.text }];
    case 'image':
      return encodeBinary(part);
    case 'tool_call':
      return role === 'assistant' ? [{ type: 'tool_use', id: toolUseId(part.id), name: part.name, input: toolInput(part.arguments) }] : [];
    case 'tool_result':
      return [
        {
          type: 'tool_result',
          tool_use_id: toolUseId(part.callId),
          content: part.content,
          ...(part.isError ? { is_error: true } : {}),
        },
      ];
    case 'reasoning':
      return role === 'assistant' ? encodeReasoning(part) : [];
  }
}

// Anthropic verifies thinking against its signature and rejects unsigned blocks, so
// reasoning another provider produced is dropped; encrypted-only reasoning is redacted thinking.
function encodeReasoning(part: Extract<ContentPart, { type: 'reasoning' }>): AnthropicBlock[] {
  if (part.signature) return [{ type: 'thinking', thinking: part.text, signature: part.signature }];
  if (part.encrypted && part.text === '') return [{ type: 'redacted_thinking', data: part.encrypted }];
  return [];
}

function encodeBinary(part: Extract<ContentPart, { type: 'image' }>): AnthropicBlock[] {
  const kind = part.mediaType === 'application/pdf' ? 'document' : 'image';
  if (part.data) return [{ type: kind, source: { type: 'base64', media_type: part.mediaType ?? 'image/png', data: part.data } }];
  if (!part.url) return [];
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(part.url);
  if (inline) {
    const mediaType = inline[1]!;
    return [{ type: mediaType === 'application/pdf' ? 'document' : 'image', source: { type: 'base64', media_type: mediaType, data: inline[2]! } }];
  }
  return [{ type: kind, source: { type: 'url', url: part.url } }];
}
