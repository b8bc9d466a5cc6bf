import { openaiError } from './upstream-chat.js';
import { Beats, sseEvent, type Content, type RenderContext, type Renderer } from './upstream-content.js';

// OpenAI Responses: output items are [reasoning?] [message?] [function_call?], in that order.

type Item = Record<string, unknown> & { id: string; type: string };

function usage(c: Content) {
  return {
    input_tokens: c.usage.input,
    input_tokens_details: { cached_tokens: c.usage.cached },
    output_tokens: c.usage.output,
    output_tokens_details: { reasoning_tokens: c.reasoningTokens },
    total_tokens: c.usage.input + c.usage.output,
  };
}

function response(ctx: RenderContext, status: string, output: Item[], usageBody: unknown) {
  return {
    id: `resp_${ctx.id}`,
    object: 'response',
    created_at: ctx.created,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: ctx.body?.instructions ?? null,
    max_output_tokens: ctx.body?.max_output_tokens ?? null,
    model: ctx.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: ctx.body?.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: ctx.body?.store ?? true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: Array.isArray(ctx.body?.tools) ? ctx.body.tools : [],
    top_p: 1,
    truncation: 'disabled',
    usage: usageBody,
    metadata: {},
  };
}

const summary = (text: string) => ({ type: 'summary_text', text });
const outputText = (text: string) => ({ type: 'output_text', annotations: [], logprobs: [], text });

/** The finished items; streaming sends the same ids so `output_item.done` matches `added`. */
function items(c: Content, ctx: RenderContext): Item[] {
  const out: Item[] = [];
  if (c.reasoning) out.push({ id: `rs_${ctx.id}`, type: 'reasoning', summary: [summary(c.reasoning)] });
  if (c.text || !c.toolCall) {
    out.push({
      id: `msg_${ctx.id}`,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [outputText(c.text)],
    });
  }
  if (c.toolCall) {
    out.push({
      id: `fc_${ctx.id}`,
      type: 'function_call',
      status: 'completed',
      arguments: c.toolCall.args,
      call_id: `call_${ctx.id}`,
      name: c.toolCall.name,
    });
  }
  return out;
}

function json(c: Content, ctx: RenderContext) {
  return response(ctx, 'completed', items(c, ctx), usage(c));
}

function stream(c: Content, ctx: RenderContext): string[] {
  let seq = 0;
  const beats = new Beats();
  const emit = (type: string, fields: Record<string, unknown>) =>
    beats.add(sseEvent(type, { type, ...fields, sequence_number: seq++ }));
  const pending = response(ctx, 'in_progress', [], null);
  emit('response.created', { response: pending });
  emit('response.in_progress', { response: pending });

  const done = items(c, ctx);
  done.forEach((item, output_index) => {
    const at = { item_id: item.id, output_index };
    if (item.type === 'reasoning') {
      emit('response.output_item.added', { output_index, item: { ...item, summary: [] } });
      emit('response.reasoning_summary_part.added', { ...at, summary_index: 0, part: summary('') });
      for (const delta of c.reasoningPieces) {
        beats.next();
        emit('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta });
      }
      emit('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: c.reasoning });
      emit('response.reasoning_summary_part.done', { ...at, summary_index: 0, part: summary(c.reasoning) });
    } else if (item.type === 'message') {
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      emit('response.content_part.added', { ...at, content_index: 0, part: outputText('') });
      for (const delta of c.textPieces) {
        beats.next();
        emit('response.output_text.delta', { ...at, content_index: 0, delta, logprobs: [] });
      }
      emit('response.output_text.done', { ...at, content_index: 0, text: c.text, logprobs: [] });
      emit('response.content_part.done', { ...at, content_index: 0, part: outputText(c.text) });
    } else {
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of c.toolCall?.argPieces ?? []) {
        beats.next();
        emit('response.function_call_arguments.delta', { ...at, delta });
      }
      emit('response.function_call_arguments.done', { ...at, arguments: c.toolCall?.args ?? '' });
    }
    emit('response.output_item.done', { output_index, item });
  });

  const completed = sseEvent('response.completed', {
    type: 'response.completed',
    response: response(ctx, 'completed', done, usage(c)),
    sequence_number: seq++,
  });
  return beats.finish(completed);
}

/** `error`, then `response.failed` for the same response, numbered on from what was sent. */
function streamError(message: string, ctx: RenderContext, sent: string): string {
  const numbers = [...sent.matchAll(/"sequence_number":(\d+)/g)];
  let seq = numbers.length ? Number(numbers.at(-1)![1]) + 1 : 0;
  const error = { code: 'server_error', message };
  return (
    sseEvent('error', { type: 'error', ...error, param: null, sequence_number: seq++ }) +
    sseEvent('response.failed', { type: 'response.failed', response: { ...response(ctx, 'failed', [], null), error }, sequence_number: seq++ })
  );
}

export const responsesRenderer: Renderer = { json, stream, error: openaiError, streamError };
