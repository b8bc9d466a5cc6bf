import type { StreamEvent, Usage } from '../../canonical.js';
import type { SseEvent } from '../../sse.js';
import { STREAM_TRUNCATED, truncationMessage } from '../stream-tracker.js';
import { syntheticCallId } from './completion-id.js';
import { fromFinishReason } from './stop-reason.js';
import { fromChatUsage } from './usage.js';
import type { ChatChunk, ChatErrorPayload } from './wire-types.js';

/**
 * Upstream `chat.completion.chunk`s -> canonical events. The finish_reason is held back:
 * with include_usage OpenAI sends usage in a later chunk (`choices: []`), DeepSeek on the
 * same chunk, so the single `finish` goes out once the stream has ended.
 */
export async function* decodeStream(events: AsyncIterable<SseEvent>): AsyncIterable<StreamEvent> {
  let started = false;
  let finishReason: string | undefined;
  let usage: Usage | undefined;
  const openCalls = new Set<number>();

  for await (const event of events) {
    if (event.data === '[DONE]') break;
    let chunk: ChatChunk | null;
    try {
      chunk = JSON.parse(event.data) as ChatChunk | null;
    } catch {
      yield { type: 'error', message: 'upstream sent a stream chunk that is not JSON', code: 'UPSTREAM_BAD_RESPONSE' };
      return;
    }
    if (typeof chunk !== 'object' || chunk === null) continue;
    if (chunk.error || event.event === 'error') {
      yield errorEvent(chunk.error);
      return;
    }
    if (!started) {
      started = true;
      yield { type: 'start', id: chunk.id ?? '', model: chunk.model ?? '' };
    }
    if (chunk.usage) usage = fromChatUsage(chunk.usage);

    const choices = chunk.choices;
    if (!choices) continue;
    for (const choice of choices) {
      if ((choice.index ?? 0) !== 0) continue; // n > 1 is not translated; choice 0 is the answer
      const delta = choice.delta;
      if (delta) {
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (reasoning) yield { type: 'reasoning_delta', text: reasoning };
        if (typeof delta.content === 'string' && delta.content !== '') yield { type: 'text_delta', text: delta.content };
        const calls = delta.tool_calls;
        if (calls) {
          for (let i = 0; i < calls.length; i++) {
            const call = calls[i]!;
            const index = call.index ?? i;
            if (!openCalls.has(index)) {
              openCalls.add(index);
              yield { type: 'tool_call_start', index, id: call.id || syntheticCallId(), name: call.function?.name ?? '' };
            }
            const args = call.function?.arguments;
            if (args) yield { type: 'tool_call_delta', index, arguments: args };
          }
        }
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }

  if (finishReason === undefined) {
    yield { type: 'error', message: truncationMessage('a finish_reason'), code: STREAM_TRUNCATED };
    return;
  }
  const stopReason = fromFinishReason(finishReason, openCalls.size > 0);
  yield usage ? { type: 'finish', stopReason, usage } : { type: 'finish', stopReason };
}

function errorEvent(error: ChatErrorPayload | string | undefined): StreamEvent {
  return { type: 'error', ...chatError(error) };
}

/** The code and message of a chat `error` payload, however a provider shaped it. */
export function chatError(error: ChatErrorPayload | string | undefined): { code: string; message: string } {
  if (typeof error === 'string') return { message: error, code: 'UPSTREAM_ERROR' };
  const code = error?.code ?? error?.type;
  return { message: error?.message ?? 'upstream reported an error', code: code == null ? 'UPSTREAM_ERROR' : String(code) };
}
