import type { StreamEvent, Usage } from '../../canonical.js';
import { mergeUsage as merge } from '../../usage-merge.js';
import { sseFrame } from '../../sse.js';
import type { EncodeContext } from '../types.js';
import { clientToolName } from './encode-response.js';
import { streamErrorFrame } from './errors.js';
import { messageId, toolUseId } from './ids.js';
import { toAnthropicStopReason } from './stop-reason.js';
import { toAnthropicUsage } from './usage.js';

type BlockKind = 'text' | 'thinking' | 'tool';

const frame = (type: string, body: Record<string, unknown>) => sseFrame(JSON.stringify({ type, ...body }), type);

/**
 * Canonical events -> Anthropic's event sequence: message_start, then for each block
 * content_block_start / _delta… / _stop, then message_delta and message_stop. Anthropic
 * blocks never overlap, so a block closes before the next opens; chat providers switch
 * between reasoning, text and tool calls freely and each switch opens a new block. All
 * frames one canonical event produces go out as one string.
 */
export async function* encodeStream(events: AsyncIterable<StreamEvent>, ctx: EncodeContext): AsyncIterable<string> {
  const encoder = new MessageStreamEncoder(ctx);
  for await (const event of events) {
    const out = encoder.push(event);
    if (out) yield out;
    if (encoder.done) return;
  }
  yield encoder.truncated();
}

class MessageStreamEncoder {
  done = false;
  private started = false;
  private nextIndex = 0;
  private current: { kind: BlockKind; index: number } | undefined;
  /** Canonical tool call index -> its block index. */
  private readonly tools = new Map<number, number>();
  private usage: Usage | undefined;
  private heldText = '';

  constructor(private readonly ctx: EncodeContext) {}

  push(event: StreamEvent): string {
    if (event.type === 'error') return this.fail(event.code ?? 'api_error', event.message);
    let out = event.type === 'start' ? this.start(event.id) : this.start('');
    switch (event.type) {
      case 'text_delta': {
        // Whitespace some providers send while a call's arguments still stream would close
        // the tool block early; it waits until real text follows and is dropped otherwise.
        if (this.current?.kind === 'tool' && event.text.trim() === '') {
          this.heldText += event.text;
          break;
        }
        const text = this.heldText + event.text;
        this.heldText = '';
        if (text === '') break;
        out += this.open('text', { type: 'text', text: '' });
        out += this.delta({ type: 'text_delta', text });
        break;
      }
      case 'reasoning_delta':
        // A signature belongs to the thinking it signs; one arriving elsewhere is dropped.
        if (event.text === '' && this.current?.kind !== 'thinking') break;
        out += this.open('thinking', { type: 'thinking', thinking: '', signature: '' });
        if (event.text !== '') out += this.delta({ type: 'thinking_delta', thinking: event.text });
        if (event.signature) out += this.delta({ type: 'signature_delta', signature: event.signature });
        break;
      case 'tool_call_start':
        if (this.tools.has(event.index)) break;
        out += this.close();
        this.tools.set(event.index, this.nextIndex);
        out += this.open('tool', { type: 'tool_use', id: toolUseId(event.id), name: clientToolName(event.name, this.ctx), input: {} });
        break;
      case 'tool_call_delta':
        out += this.toolDelta(event.index, event.arguments);
        break;
      case 'usage':
        this.usage = merge(this.usage, event.usage);
        break;
      case 'finish':
        this.usage = merge(this.usage, event.usage);
        out += this.finish(event.stopReason);
        break;
    }
    return out;
  }

  truncated(): string {
    return this.fail('api_error', 'the upstream stream ended before the answer was complete');
  }

  private start(id: string): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: messageId(id),
      type: 'message',
      role: 'assistant',
      model: this.ctx.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(this.usage),
    };
    return frame('message_start', { message });
  }

  private open(kind: BlockKind, contentBlock: Record<string, unknown>): string {
    if (kind !== 'tool' && this.current?.kind === kind) return '';
    const out = this.close();
    this.current = { kind, index: this.nextIndex++ };
    return out + frame('content_block_start', { index: this.current.index, content_block: contentBlock });
  }

  private close(): string {
    if (!this.current) return '';
    const out = frame('content_block_stop', { index: this.current.index });
    this.current = undefined;
    return out;
  }

  private delta(delta: Record<string, unknown>): string {
    return frame('content_block_delta', { index: this.current!.index, delta });
  }

  // A tool's block can take its arguments only while it is the open block: Anthropic cannot
  // reopen one. Providers send each call's arguments together, so a late fragment means the
  // input is already lost, and the client hears that instead of running a truncated call.
  private toolDelta(index: number, args: string): string {
    const block = this.tools.get(index);
    if (block === undefined) return this.fail('api_error', `the upstream sent arguments for tool call ${index} before starting it`);
    if (args === '') return '';
    if (this.current?.kind !== 'tool' || this.current.index !== block) {
      return this.fail('api_error', `the upstream interleaved the arguments of tool call ${index} with other output`);
    }
    return this.delta({ type: 'input_json_delta', partial_json: args });
  }

  private finish(reason: Parameters<typeof toAnthropicStopReason>[0]): string {
    this.done = true;
    const delta = { stop_reason: toAnthropicStopReason(reason, this.tools.size > 0), stop_sequence: null };
    // Input counts from chat providers arrive only now; clients (Claude Code, the SDK) take
    // input totals from message_delta when they are present.
    return this.close() + frame('message_delta', { delta, usage: toAnthropicUsage(this.usage) }) + frame('message_stop', {});
  }

  private fail(code: string, message: string): string {
    this.done = true;
    return streamErrorFrame(code, message);
  }
}
