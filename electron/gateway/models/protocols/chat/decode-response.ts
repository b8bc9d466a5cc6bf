import type { CanonicalResponse, ContentPart } from '../../canonical.js';
import { emptyUsage } from '../../canonical.js';
import { syntheticCallId } from './completion-id.js';
import { badUpstream } from './errors.js';
import { fromFinishReason } from './stop-reason.js';
import { fromChatUsage } from './usage.js';
import type { ChatCompletion, ChatMessageOut } from './wire-types.js';

export function decodeResponse(body: unknown): CanonicalResponse {
  const completion = body as ChatCompletion | null;
  if (typeof completion !== 'object' || completion === null) {
    throw badUpstream('upstream returned a non-object chat completion');
  }
  if (completion.error) {
    throw badUpstream(`upstream error: ${completion.error.message ?? 'unknown error'}`);
  }
  const choice = completion.choices?.find((c) => (c.index ?? 0) === 0);
  if (!choice?.message) throw badUpstream('upstream chat completion has no choices[0].message');

  const content = decodeMessage(choice.message);
  const hasToolCalls = content.some((part) => part.type === 'tool_call');
  return {
    id: completion.id ?? '',
    model: completion.model ?? '',
    content,
    stopReason: fromFinishReason(choice.finish_reason, hasToolCalls),
    usage: completion.usage ? fromChatUsage(completion.usage) : emptyUsage(),
  };
}

function decodeMessage(message: ChatMessageOut): ContentPart[] {
  const parts: ContentPart[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) parts.push({ type: 'reasoning', text: reasoning });
  const text = textOf(message);
  if (text) parts.push({ type: 'text', text });
  for (const call of message.tool_calls ?? []) {
    parts.push({
      type: 'tool_call',
      id: call.id ?? syntheticCallId(),
      name: call.function?.name ?? '',
      arguments: call.function?.arguments ?? '',
    });
  }
  return parts;
}

// Most servers send a string; a few (Mistral) send text parts. A refusal is the answer the
// user gets, so it is kept as text.
function textOf(message: ChatMessageOut): string {
  const { content } = message;
  let text = typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');
  if (message.refusal) text += message.refusal;
  return text;
}
