import type { StopReason, StreamEvent } from '../../canonical.js';
import type { SseEvent } from '../../sse.js';
import { STREAM_TRUNCATED, truncationMessage } from '../stream-tracker.js';
import { fromAnthropicStopReason } from './stop-reason.js';
import { fromAnthropicUsage, type AnthropicUsage } from './usage.js';

type Json = Record<string, unknown>;
type BlockKind = 'text' | 'thinking' | 'tool' | 'other';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const str = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Upstream Anthropic events -> canonical events. Block indexes count every block; tool
 * calls get their own dense index (0, 1, …) as canonical tool calls do.
 */
export async function* decodeStream(events: AsyncIterable<SseEvent>): AsyncIterable<StreamEvent> {
  const blocks = new Map<number, BlockKind>();
  const toolIndex = new Map<number, number>();
  // Counters are whole-message totals: later events overwrite, never add (as the SDK does).
  const usage: AnthropicUsage = {};
  let stopReason: StopReason = 'end';

  for await (const sse of events) {
    let event: unknown;
    try {
      event = JSON.parse(sse.data);
    } catch {
      yield { type: 'error', message: 'upstream sent a stream event that is not JSON', code: 'UPSTREAM_BAD_RESPONSE' };
      return;
    }
    if (!isObject(event)) continue;
    switch (event.type ?? sse.event) {
      case 'message_start': {
        const message = isObject(event.message) ? event.message : {};
        yield { type: 'start', id: str(message.id), model: str(message.model) };
        if (isObject(message.usage)) {
          Object.assign(usage, present(message.usage));
          yield { type: 'usage', usage: fromAnthropicUsage(usage) };
        }
        break;
      }
      case 'content_block_start':
        yield* blockStart(event, blocks, toolIndex);
        break;
      case 'content_block_delta':
        yield* blockDelta(event, blocks, toolIndex);
        break;
      case 'message_delta':
        if (isObject(event.delta) && typeof event.delta.stop_reason === 'string') stopReason = fromAnthropicStopReason(event.delta.stop_reason);
        if (isObject(event.usage)) Object.assign(usage, present(event.usage));
        break;
      case 'message_stop':
        yield { type: 'finish', stopReason, usage: fromAnthropicUsage(usage) };
        return;
      case 'error': {
        const error = isObject(event.error) ? event.error : {};
        yield { type: 'error', message: str(error.message) || 'upstream reported an error', code: str(error.type) || 'api_error' };
        return;
      }
      default:
        // ping, content_block_stop and event types added later carry nothing to translate.
        break;
    }
  }
  yield { type: 'error', message: truncationMessage('message_stop'), code: STREAM_TRUNCATED };
}

/** The fields of a usage object that are set; absent or null ones must not erase earlier values. */
function present(usage: Json): AnthropicUsage {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value != null)) as AnthropicUsage;
}

function* blockStart(event: Json, blocks: Map<number, BlockKind>, toolIndex: Map<number, number>): Iterable<StreamEvent> {
  const index = typeof event.index === 'number' ? event.index : blocks.size;
  const block = isObject(event.content_block) ? event.content_block : {};
  if (block.type === 'text') {
    blocks.set(index, 'text');
    if (str(block.text)) yield { type: 'text_delta', text: str(block.text) };
  } else if (block.type === 'thinking') {
    blocks.set(index, 'thinking');
    if (str(block.thinking) || str(block.signature)) yield reasoning(str(block.thinking), str(block.signature));
  } else if (block.type === 'tool_use') {
    blocks.set(index, 'tool');
    const tool = toolIndex.size;
    toolIndex.set(index, tool);
    yield { type: 'tool_call_start', index: tool, id: str(block.id), name: str(block.name) };
    // The input arrives as input_json_delta fragments; a start block normally holds {}.
    if (isObject(block.input) && Object.keys(block.input).length > 0) {
      yield { type: 'tool_call_delta', index: tool, arguments: JSON.stringify(block.input) };
    }
  } else {
    // redacted_thinking has no canonical stream event; server tool blocks are not forwarded.
    blocks.set(index, 'other');
  }
}

function* blockDelta(event: Json, blocks: Map<number, BlockKind>, toolIndex: Map<number, number>): Iterable<StreamEvent> {
  const index = typeof event.index === 'number' ? event.index : -1;
  const delta = isObject(event.delta) ? event.delta : {};
  const kind = blocks.get(index);
  if (delta.type === 'text_delta' && kind === 'text') {
    if (str(delta.text)) yield { type: 'text_delta', text: str(delta.text) };
  } else if (delta.type === 'input_json_delta' && kind === 'tool') {
    if (str(delta.partial_json)) yield { type: 'tool_call_delta', index: toolIndex.get(index)!, arguments: str(delta.partial_json) };
  } else if (delta.type === 'thinking_delta' && kind === 'thinking') {
    if (str(delta.thinking)) yield reasoning(str(delta.thinking), '');
  } else if (delta.type === 'signature_delta' && kind === 'thinking') {
    if (str(delta.signature)) yield reasoning('', str(delta.signature));
  }
}

function reasoning(text: string, signature: string): StreamEvent {
  return signature ? { type: 'reasoning_delta', text, signature } : { type: 'reasoning_delta', text };
}
