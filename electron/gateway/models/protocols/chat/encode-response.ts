import type { CanonicalResponse } from '../../canonical.js';
import type { EncodeContext } from '../types.js';
import { completionId, unixSeconds } from './completion-id.js';
import { toFinishReason } from './stop-reason.js';
import { toChatUsage } from './usage.js';

export function encodeResponse(res: CanonicalResponse, ctx: EncodeContext) {
  let text = '';
  let reasoning = '';
  const toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> = [];
  for (const part of res.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool_call') {
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    }
  }

  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  // DeepSeek's field name; clients that do not know it ignore it.
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  return {
    id: completionId(res.id),
    object: 'chat.completion',
    created: unixSeconds(),
    model: ctx.requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toFinishReason(res.stopReason) }],
    usage: toChatUsage(res.usage),
  };
}
