import type { StreamEvent, Usage } from '../../canonical.js';
import { emptyUsage } from '../../canonical.js';
import type { EncodeContext } from '../types.js';
import { completionId, unixSeconds } from './completion-id.js';
import { streamErrorFrame } from './errors.js';
import { toFinishReason } from './stop-reason.js';
import { toChatUsage } from './usage.js';

const done = 'data: [DONE]\n\n';

/**
 * Canonical events -> `chat.completion.chunk` frames as OpenAI sends them. The envelope
 * (id, created, model) is serialised once; each event only stringifies its own choice.
 */
export async function* encodeStream(events: AsyncIterable<StreamEvent>, ctx: EncodeContext): AsyncIterable<string> {
  let head = '';
  const frame = (choice: object) => `data: ${head}${JSON.stringify(choice)}]}\n\n`;
  const delta = (d: object) => frame({ index: 0, delta: d, logprobs: null, finish_reason: null });
  const open = (upstreamId?: string) => {
    head =
      `{"id":${JSON.stringify(completionId(upstreamId))},"object":"chat.completion.chunk",` +
      `"created":${unixSeconds()},"model":${JSON.stringify(ctx.requestedModel)},"choices":[`;
    return delta({ role: 'assistant', content: '', refusal: null });
  };
  // Chat clients collect tool calls by a dense 0-based index; canonical indexes may be
  // content-block positions (Anthropic), so they are renumbered in order of appearance.
  const toolSlots = new Map<number, number>();
  let usage: Usage | undefined;

  for await (const event of events) {
    if (head === '' && event.type !== 'error') yield open(event.type === 'start' ? event.id : undefined);
    switch (event.type) {
      case 'start':
        break;
      case 'text_delta':
        yield delta({ content: event.text });
        break;
      case 'reasoning_delta':
        // DeepSeek's field; a signature-only delta (Anthropic) has nothing to show.
        if (event.text !== '') yield delta({ reasoning_content: event.text });
        break;
      case 'tool_call_start': {
        const index = toolSlots.size;
        toolSlots.set(event.index, index);
        yield delta({
          tool_calls: [{ index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }],
        });
        break;
      }
      case 'tool_call_delta':
        yield delta({
          tool_calls: [{ index: toolSlots.get(event.index) ?? event.index, function: { arguments: event.arguments } }],
        });
        break;
      case 'usage':
        usage = event.usage;
        break;
      case 'finish':
        yield frame({ index: 0, delta: {}, logprobs: null, finish_reason: toFinishReason(event.stopReason) });
        if (ctx.request.streamUsage) {
          yield `data: ${head}],"usage":${JSON.stringify(toChatUsage(event.usage ?? usage ?? emptyUsage()))}}\n\n`;
        }
        yield done;
        return;
      case 'error':
        yield streamErrorFrame(event.code ?? 'UPSTREAM_ERROR', event.message);
        return;
    }
  }
  yield streamErrorFrame('UPSTREAM_STREAM_TRUNCATED', 'the model stream ended before it finished');
}
