import type { StreamEvent } from '../../canonical.js';
import type { SseEvent } from '../../sse.js';
import { STREAM_TRUNCATED, truncationMessage } from '../stream-tracker.js';
import { stopReasonOf } from './decode-response.js';
import { flatToolName } from './tool-names.js';
import { fromWireUsage } from './usage.js';
import { isRecord, messageText, rec, reasoningText, str, type Json } from './wire.js';

const itemKey = (item: Json): string => str(item.id) ?? str(item.call_id) ?? '';

interface ToolState {
  index: number;
  sawArguments: boolean;
}

// Upstream Responses events -> canonical stream events. Text and arguments are taken from
// deltas; `*.done` events only fill in what a provider sent without deltas.
class ResponsesStreamDecoder {
  done = false;
  private started = false;
  private readonly tools = new Map<string, ToolState>();
  private readonly itemsWithDeltas = new Set<string>();
  private lastSummary: string | undefined;

  accept(type: string, data: Json): StreamEvent[] {
    const out: StreamEvent[] = [];
    const response = rec(data.response);
    if (!this.started && type !== 'error' && type !== 'response.failed') {
      this.started = true;
      out.push({ type: 'start', id: str(response.id) ?? '', model: str(response.model) ?? '' });
    }
    const itemId = str(data.item_id) ?? '';
    const delta = str(data.delta) ?? '';
    switch (type) {
      case 'response.output_item.added':
        return out.concat(this.itemAdded(rec(data.item)));
      case 'response.output_item.done':
        return out.concat(this.itemDone(rec(data.item)));
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.itemsWithDeltas.add(itemId);
        return delta ? out.concat({ type: 'text_delta', text: delta }) : out;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        this.itemsWithDeltas.add(itemId);
        // Summary parts are separate paragraphs; keep them apart in the one reasoning text.
        const key = `${itemId}:${String(data.summary_index ?? data.content_index ?? 0)}`;
        const gap = this.lastSummary?.startsWith(`${itemId}:`) && this.lastSummary !== key ? '\n\n' : '';
        this.lastSummary = key;
        return out.concat({ type: 'reasoning_delta', text: gap + delta });
      }
      case 'response.function_call_arguments.delta':
        return out.concat(this.toolArguments(itemId, delta));
      case 'response.function_call_arguments.done': {
        const tool = this.tools.get(itemId);
        return tool && !tool.sawArguments ? out.concat(this.toolArguments(itemId, str(data.arguments) ?? '')) : out;
      }
      case 'response.completed':
      case 'response.incomplete': {
        this.done = true;
        const usage = fromWireUsage(response.usage);
        const reason = stopReasonOf(response.status ?? type.slice('response.'.length), rec(response.incomplete_details).reason, this.tools.size > 0);
        return out.concat(usage ? { type: 'finish', stopReason: reason, usage } : { type: 'finish', stopReason: reason });
      }
      case 'response.failed':
        return out.concat(this.fail(rec(response.error), 'Upstream response failed'));
      case 'error':
        return out.concat(this.fail(isRecord(data.error) ? data.error : data, 'Upstream stream error'));
      default:
        return out;
    }
  }

  end(): StreamEvent[] {
    if (this.done) return [];
    this.done = true;
    return [{ type: 'error', code: STREAM_TRUNCATED, message: truncationMessage('response.completed') }];
  }

  private fail(error: Json, fallback: string): StreamEvent[] {
    this.done = true;
    const code = str(error.code);
    const message = str(error.message) ?? fallback;
    return [code ? { type: 'error', message, code } : { type: 'error', message }];
  }

  private itemAdded(item: Json): StreamEvent[] {
    if (item.type !== 'function_call') return [];
    const key = itemKey(item);
    const index = this.tools.size;
    this.tools.set(key, { index, sawArguments: false });
    const start: StreamEvent = {
      type: 'tool_call_start',
      index,
      id: str(item.call_id) ?? key,
      name: flatToolName(str(item.namespace), str(item.name) ?? ''),
    };
    return [start, ...this.toolArguments(key, str(item.arguments) ?? '')];
  }

  private itemDone(item: Json): StreamEvent[] {
    const key = itemKey(item);
    if (item.type === 'function_call') {
      // Some providers announce a call only when it is done.
      const events = this.tools.has(key) ? [] : this.itemAdded(item);
      if (!this.tools.get(key)?.sawArguments) events.push(...this.toolArguments(key, str(item.arguments) ?? ''));
      return events;
    }
    if (this.itemsWithDeltas.has(key)) return [];
    if (item.type === 'message') {
      const text = messageText(item);
      return text ? [{ type: 'text_delta', text }] : [];
    }
    if (item.type === 'reasoning') {
      const text = reasoningText(item);
      return text ? [{ type: 'reasoning_delta', text }] : [];
    }
    return [];
  }

  private toolArguments(itemId: string, args: string): StreamEvent[] {
    const tool = this.tools.get(itemId);
    if (!tool || !args) return [];
    tool.sawArguments = true;
    return [{ type: 'tool_call_delta', index: tool.index, arguments: args }];
  }
}

/** Upstream Responses SSE -> canonical events, ending in exactly one `finish` or `error`. */
export async function* decodeStream(events: AsyncIterable<SseEvent>): AsyncIterable<StreamEvent> {
  const decoder = new ResponsesStreamDecoder();
  for await (const event of events) {
    if (event.data === '[DONE]') continue;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      yield { type: 'error', code: 'UPSTREAM_BAD_EVENT', message: `Upstream sent an event that is not JSON: ${event.data.slice(0, 200)}` };
      return;
    }
    const json = rec(data);
    const type = str(json.type) ?? event.event ?? '';
    yield* decoder.accept(type, json);
    if (decoder.done) return;
  }
  yield* decoder.end();
}
