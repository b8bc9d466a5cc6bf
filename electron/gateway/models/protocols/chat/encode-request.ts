import type { CanonicalMessage, CanonicalRequest, ContentPart, ToolChoice } from '../../canonical.js';

type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

interface ChatToolCallOut {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

type ChatMessageIn =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCallOut[]; reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

export function encodeRequest(req: CanonicalRequest, upstreamModel: string): Record<string, unknown> {
  const messages: ChatMessageIn[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  for (const message of req.messages) {
    if (message.role === 'assistant') messages.push(encodeAssistant(message));
    else encodeUserOrTool(message, messages);
  }

  const body: Record<string, unknown> = { model: upstreamModel, messages };
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    // OpenAI rejects tool_choice and parallel_tool_calls when no tools are sent.
    if (req.toolChoice) body.tool_choice = encodeToolChoice(req.toolChoice);
    if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  }
  // max_tokens is refused by OpenAI's reasoning models; servers that only know max_tokens
  // ignore the newer name, which fails soft (no cap) instead of failing the call.
  if (req.maxTokens !== undefined) body.max_completion_tokens = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.stop && req.stop.length > 0) body.stop = req.stop;
  // Only an explicit effort is forwarded: non-reasoning models reject reasoning_effort, so
  // an Anthropic thinking budget is not turned into one here.
  if (req.reasoning?.effort) body.reasoning_effort = req.reasoning.effort;
  if (req.user) body.user = req.user;
  if (req.stream) {
    body.stream = true;
    // Always asked for, whatever the client wanted: the gateway records usage per call.
    body.stream_options = { include_usage: true };
  }
  return body;
}

function encodeAssistant(message: CanonicalMessage): ChatMessageIn {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCallOut[] = [];
  for (const part of message.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool_call') {
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    }
  }
  if (toolCalls.length === 0) return { role: 'assistant', content: text };
  const out: ChatMessageIn = { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls };
  // Reasoning is otherwise dropped, but DeepSeek's thinking mode answers 400 when an
  // assistant turn with tool calls comes back without its reasoning_content. Servers that
  // do not know the field ignore it; the text is plain, so Anthropic signatures or
  // Responses' encrypted reasoning cannot leak through it.
  if (reasoning !== '') out.reasoning_content = reasoning;
  return out;
}

// Chat has no tool results inside user turns: each result becomes its own `tool` message,
// placed first so it directly follows the assistant's tool_calls, then any other content.
function encodeUserOrTool(message: CanonicalMessage, out: ChatMessageIn[]): void {
  const rest: ContentPart[] = [];
  for (const part of message.content) {
    if (part.type === 'tool_result') out.push({ role: 'tool', tool_call_id: part.callId, content: part.content });
    else rest.push(part);
  }
  if (rest.length > 0) out.push({ role: 'user', content: encodeUserContent(rest) });
}

// Text-only content goes as a string: several OpenAI-compatible servers accept content
// arrays only when they carry images.
function encodeUserContent(parts: ContentPart[]): string | ChatContentPart[] {
  const encoded: ChatContentPart[] = [];
  let hasImage = false;
  for (const part of parts) {
    if (part.type === 'text') encoded.push({ type: 'text', text: part.text });
    else if (part.type === 'image') {
      const url = part.data ? `data:${part.mediaType ?? 'image/png'};base64,${part.data}` : part.url;
      if (url) {
        encoded.push({ type: 'image_url', image_url: { url } });
        hasImage = true;
      }
    }
  }
  if (hasImage) return encoded;
  return encoded.map((part) => (part.type === 'text' ? part.text : '')).join('\n\n');
}

function encodeToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}
