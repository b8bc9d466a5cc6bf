import type { StreamEvent, Usage } from '../../canonical.js';
import type { EncodeContext } from '../types.js';
import { ResponseStreamWriter } from './stream-writer.js';

// Providers report usage in pieces (Anthropic: input first, output at the end); counts
// only grow, so the larger value of each field wins.
function merge(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a || !b) return a ?? b;
  const out: Usage = { inputTokens: Math.max(a.inputTokens, b.inputTokens), outputTokens: Math.max(a.outputTokens, b.outputTokens) };
  const cached = Math.max(a.cachedTokens ?? 0, b.cachedTokens ?? 0);
  const reasoning = Math.max(a.reasoningTokens ?? 0, b.reasoningTokens ?? 0);
  if (a.cachedTokens !== undefined || b.cachedTokens !== undefined) out.cachedTokens = cached;
  if (a.reasoningTokens !== undefined || b.reasoningTokens !== undefined) out.reasoningTokens = reasoning;
  return out;
}

/**
 * Canonical events -> the Responses SSE sequence Codex and the OpenAI SDK consume:
 * response.created, response.in_progress, output items with their parts and deltas,
 * then response.completed (or .incomplete / .failed).
 */
export async function* encodeStream(events: AsyncIterable<StreamEvent>, ctx: EncodeContext): AsyncIterable<string> {
  const writer = new ResponseStreamWriter(ctx);
  let started = false;
  let usage: Usage | undefined;
  for await (const event of events) {
    if (!started) {
      started = true;
      yield writer.start();
    }
    switch (event.type) {
      case 'start':
        break;
      case 'text_delta':
        if (event.text) yield writer.text(event.text);
        break;
      case 'reasoning_delta': {
        const frames = writer.reasoning(event.text, event.signature);
        if (frames) yield frames;
        break;
      }
      case 'tool_call_start':
        yield writer.toolStart(event.index, event.id, event.name);
        break;
      case 'tool_call_delta': {
        const frames = writer.toolArguments(event.index, event.arguments);
        if (frames) yield frames;
        break;
      }
      case 'usage':
        usage = merge(usage, event.usage);
        break;
      case 'finish':
        yield writer.finish(event.stopReason, merge(usage, event.usage));
        return;
      case 'error':
        yield writer.fail(event.code ?? 'upstream_error', event.message);
        return;
    }
  }
  // The canonical contract promises a terminal event; a source that breaks it must not
  // leave the client waiting for response.completed.
  if (!started) yield writer.start();
  yield writer.fail('stream_truncated', 'The model stream ended before it finished');
}
