import type { StopReason, Usage } from '../../canonical.js';
import { sseFrame } from '../../sse.js';
import type { EncodeContext } from '../types.js';
import { failureFrames } from './errors.js';
import { newId, nowSeconds } from './ids.js';
import { callId, finalArguments, functionCallItem, messageItem, outputText, reasoningItem } from './output-items.js';
import { responseObject, statusOf, type ResponseState } from './response-object.js';

type OpenItem =
  | { kind: 'message'; id: string; index: number; text: string }
  | { kind: 'reasoning'; id: string; index: number; text: string; signature?: string }
  | { kind: 'call'; id: string; index: number; toolIndex: number; callId: string; name: string; args: string };

/**
 * Writes one Responses stream. One output item is open at a time: chat providers
 * interleave text and tool calls, and each new item first closes the open one, so every
 * item goes added -> parts/deltas -> done, as OpenAI streams them.
 */
export class ResponseStreamWriter {
  private sequence = 0;
  private open: OpenItem | undefined;
  private nextIndex = 0;
  private readonly state: ResponseState = { id: newId('resp'), createdAt: nowSeconds(), status: 'in_progress', output: [] };

  constructor(private readonly ctx: EncodeContext) {}

  start(): string {
    const response = this.response();
    return this.frame('response.created', { response }) + this.frame('response.in_progress', { response });
  }

  text(delta: string): string {
    let out = '';
    if (this.open?.kind !== 'message') {
      out += this.openItem({ kind: 'message', id: newId('msg'), index: this.nextIndex++, text: '' });
      out += this.frame('response.content_part.added', { ...this.at(), content_index: 0, part: outputText('') });
    }
    const item = this.open as Extract<OpenItem, { kind: 'message' }>;
    item.text += delta;
    return out + this.frame('response.output_text.delta', { ...this.at(), content_index: 0, delta, logprobs: [] });
  }

  reasoning(delta: string, signature: string | undefined): string {
    let out = '';
    // A signature seals a thinking block: more thinking after it is a new block.
    if (this.open?.kind !== 'reasoning' || (this.open.signature && delta)) {
      out += this.openItem({ kind: 'reasoning', id: newId('rs'), index: this.nextIndex++, text: '' });
      out += this.frame('response.reasoning_summary_part.added', { ...this.at(), summary_index: 0, part: { type: 'summary_text', text: '' } });
    }
    const item = this.open as Extract<OpenItem, { kind: 'reasoning' }>;
    if (signature) item.signature = (item.signature ?? '') + signature;
    if (!delta) return out;
    item.text += delta;
    return out + this.frame('response.reasoning_summary_text.delta', { ...this.at(), summary_index: 0, delta });
  }

  toolStart(toolIndex: number, id: string, name: string): string {
    const call: OpenItem = { kind: 'call', id: newId('fc'), index: this.nextIndex++, toolIndex, callId: callId(id), name, args: '' };
    return this.openItem(call);
  }

  toolArguments(toolIndex: number, delta: string): string {
    const item = this.open;
    // Arguments for a call that is no longer open cannot be streamed any more: that call's
    // output_item.done has gone out. Chat providers send each call's arguments contiguously.
    if (item?.kind !== 'call' || item.toolIndex !== toolIndex || !delta) return '';
    item.args += delta;
    return this.frame('response.function_call_arguments.delta', { ...this.at(), delta });
  }

  finish(stopReason: StopReason, usage: Usage | undefined): string {
    const out = this.closeItem();
    const { status } = statusOf(stopReason);
    Object.assign(this.state, { status, stopReason, usage });
    const response = this.response();
    if (status === 'completed') response.completed_at = nowSeconds();
    return out + this.frame(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
  }

  fail(code: string, message: string): string {
    this.open = undefined;
    return failureFrames(this.response(), () => this.sequence++, code, message);
  }

  private response(): Record<string, unknown> {
    return responseObject(this.state, this.ctx);
  }

  private at() {
    const item = this.open as OpenItem;
    return { item_id: item.id, output_index: item.index };
  }

  private frame(type: string, payload: Record<string, unknown>): string {
    return sseFrame(JSON.stringify({ type, sequence_number: this.sequence++, ...payload }), type);
  }

  private openItem(item: OpenItem): string {
    const out = this.closeItem();
    this.open = item;
    return out + this.frame('response.output_item.added', { output_index: item.index, item: this.itemOf(item, 'in_progress') });
  }

  private closeItem(): string {
    const item = this.open;
    if (!item) return '';
    let out = '';
    if (item.kind === 'message') {
      out += this.frame('response.output_text.done', { ...this.at(), content_index: 0, text: item.text, logprobs: [] });
      out += this.frame('response.content_part.done', { ...this.at(), content_index: 0, part: outputText(item.text) });
    } else if (item.kind === 'reasoning') {
      out += this.frame('response.reasoning_summary_text.done', { ...this.at(), summary_index: 0, text: item.text });
      out += this.frame('response.reasoning_summary_part.done', { ...this.at(), summary_index: 0, part: { type: 'summary_text', text: item.text } });
    } else {
      item.args = finalArguments(item.args);
      out += this.frame('response.function_call_arguments.done', { ...this.at(), arguments: item.args });
    }
    const done = this.itemOf(item, 'completed');
    this.state.output.push(done);
    this.open = undefined;
    return out + this.frame('response.output_item.done', { output_index: item.index, item: done });
  }

  private itemOf(item: OpenItem, status: 'in_progress' | 'completed'): Record<string, unknown> {
    const inProgress = status === 'in_progress';
    switch (item.kind) {
      case 'message':
        return messageItem(item.id, status, inProgress ? [] : [item.text]);
      case 'reasoning':
        return reasoningItem(item.id, inProgress ? [] : [item.text], { signature: item.signature });
      case 'call':
        return functionCallItem(item.id, status, { callId: item.callId, name: item.name, arguments: inProgress ? '' : item.args }, this.ctx);
    }
  }
}
