import { Beats, sseEvent, type Content, type RenderContext, type Renderer } from './upstream-content.js';

// Anthropic Messages: blocks are [thinking?] [text?] [tool_use?], in that order.

const stopReason = (c: Content) => (c.toolCall ? 'tool_use' : 'end_turn');

// Anthropic counts cache reads apart from input_tokens; our TokenUsage.input includes them.
const uncachedInput = (c: Content) => Math.max(0, c.usage.input - c.usage.cached);

const signature = (ctx: RenderContext) => Buffer.from(`scripted-signature-${ctx.id}`).toString('base64');

function usage(c: Content, outputTokens: number) {
  return {
    input_tokens: uncachedInput(c),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: c.usage.cached,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function message(c: Content, ctx: RenderContext, content: unknown[], stop: string | null, outputTokens: number) {
  return {
    id: `msg_${ctx.id}`,
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    stop_details: null,
    usage: usage(c, outputTokens),
  };
}

function blocks(c: Content, ctx: RenderContext): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (c.reasoning) out.push({ type: 'thinking', thinking: c.reasoning, signature: signature(ctx) });
  if (c.text || !c.toolCall) out.push({ type: 'text', text: c.text });
  if (c.toolCall) {
    out.push({ type: 'tool_use', id: `toolu_${ctx.id}`, name: c.toolCall.name, input: JSON.parse(c.toolCall.args) });
  }
  return out;
}

function json(c: Content, ctx: RenderContext) {
  return message(c, ctx, blocks(c, ctx), stopReason(c), c.usage.output);
}

function stream(c: Content, ctx: RenderContext): string[] {
  const beats = new Beats();
  const emit = (type: string, fields: Record<string, unknown> = {}) => beats.add(sseEvent(type, { type, ...fields }));
  // Like the real API, message_start reports a provisional output count; message_delta the final one.
  emit('message_start', { message: message(c, ctx, [], null, 1) });
  emit('ping');

  blocks(c, ctx).forEach((block, index) => {
    const delta = (d: Record<string, unknown>) => {
      beats.next();
      emit('content_block_delta', { index, delta: d });
    };
    if (block.type === 'thinking') {
      emit('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const thinking of c.reasoningPieces) delta({ type: 'thinking_delta', thinking });
      emit('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
    } else if (block.type === 'text') {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const text of c.textPieces) delta({ type: 'text_delta', text });
    } else {
      emit('content_block_start', { index, content_block: { ...block, input: {} } });
      // The real API opens every tool input with an empty fragment.
      emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const partial_json of c.toolCall?.argPieces ?? []) delta({ type: 'input_json_delta', partial_json });
    }
    emit('content_block_stop', { index });
  });

  const tail =
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason(c), stop_sequence: null, stop_details: null },
      usage: {
        input_tokens: uncachedInput(c),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: c.usage.cached,
        output_tokens: c.usage.output,
      },
    }) + sseEvent('message_stop', { type: 'message_stop' });
  return beats.finish(tail);
}

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

function error(status: number, message: string) {
  return { type: 'error', error: { type: errorTypes[status] ?? 'api_error', message } };
}

const streamError = (message: string) => sseEvent('error', { type: 'error', error: { type: 'overloaded_error', message } });

export const messagesRenderer: Renderer = { json, stream, error, streamError };
