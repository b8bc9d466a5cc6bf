import { Beats, sseData, type Content, type RenderContext, type Renderer } from './upstream-content.js';

// OpenAI Chat Completions, with DeepSeek's `reasoning_content` for reasoning text.

const finishReason = (c: Content) => (c.toolCall ? 'tool_calls' : 'stop');

function usage(c: Content) {
  return {
    prompt_tokens: c.usage.input,
    completion_tokens: c.usage.output,
    total_tokens: c.usage.input + c.usage.output,
    prompt_tokens_details: { cached_tokens: c.usage.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: c.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function json(c: Content, ctx: RenderContext) {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: c.text === '' && c.toolCall ? null : c.text,
    refusal: null,
    annotations: [],
  };
  if (c.reasoning) message.reasoning_content = c.reasoning;
  if (c.toolCall) {
    message.tool_calls = [
      { id: `call_${ctx.id}`, type: 'function', function: { name: c.toolCall.name, arguments: c.toolCall.args } },
    ];
  }
  return {
    id: `chatcmpl-${ctx.id}`,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(c) }],
    usage: usage(c),
    service_tier: 'default',
    system_fingerprint: 'fp_scripted',
  };
}

function stream(c: Content, ctx: RenderContext): string[] {
  const withUsage = ctx.body?.stream_options?.include_usage === true;
  // Real chunks carry `usage: null` until the final usage chunk, but only when it was asked for.
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sseData({
      id: `chatcmpl-${ctx.id}`,
      object: 'chat.completion.chunk',
      created: ctx.created,
      model: ctx.model,
      system_fingerprint: 'fp_scripted',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(withUsage ? { usage: null } : {}),
    });

  const beats = new Beats();
  beats.add(chunk({ role: 'assistant', content: '', refusal: null }));
  for (const piece of c.reasoningPieces) {
    beats.next();
    beats.add(chunk({ content: null, reasoning_content: piece }));
  }
  for (const piece of c.textPieces) {
    beats.next();
    beats.add(chunk({ content: piece }));
  }
  if (c.toolCall) {
    const call = c.toolCall;
    beats.next();
    beats.add(
      chunk({
        tool_calls: [{ index: 0, id: `call_${ctx.id}`, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const piece of call.argPieces) {
      beats.next();
      beats.add(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
  }
  let tail = chunk({}, finishReason(c));
  if (withUsage) {
    tail += sseData({
      id: `chatcmpl-${ctx.id}`,
      object: 'chat.completion.chunk',
      created: ctx.created,
      model: ctx.model,
      system_fingerprint: 'fp_scripted',
      choices: [],
      usage: usage(c),
    });
  }
  return beats.finish(tail + 'data: [DONE]\n\n');
}

/** OpenAI's error body, shared by chat and responses. */
export function openaiError(status: number, message: string) {
  const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code = status === 429 ? 'rate_limit_exceeded' : null;
  return { error: { message, type, param: null, code } };
}

// OpenAI puts an `error` object in a data line of its own and ends the stream (no [DONE]).
const streamError = (message: string) => sseData(openaiError(500, message));

export const chatRenderer: Renderer = { json, stream, error: openaiError, streamError };
