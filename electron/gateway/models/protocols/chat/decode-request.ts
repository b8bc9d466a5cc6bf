import type {
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  ContentPart,
  ToolChoice,
} from '../../canonical.js';
import type { DecodeContext } from '../types.js';
import { badRequest } from '../../../http/http-error.js';
import { parseChatRequest, type ChatRequestBody, type ChatRequestMessage } from './schema.js';

type Message<R extends ChatRequestMessage['role']> = Extract<ChatRequestMessage, { role: R }>;

export function decodeRequest(body: unknown, _ctx: DecodeContext): CanonicalRequest {
  const chat = parseChatRequest(body);
  const system: string[] = [];
  const messages: CanonicalMessage[] = [];
  for (const message of chat.messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(joinText(message.content));
        break;
      case 'user':
        messages.push({ role: 'user', content: userContent(message) });
        break;
      case 'assistant':
        messages.push({ role: 'assistant', content: assistantContent(message) });
        break;
      case 'tool':
        appendToolResult(messages, message);
        break;
    }
  }

  const req: CanonicalRequest = { model: chat.model, messages, stream: chat.stream === true };
  if (system.length > 0) req.system = system.join('\n\n');
  const tools = decodeTools(chat.tools);
  if (tools) req.tools = tools;
  const toolChoice = decodeToolChoice(chat.tool_choice);
  if (toolChoice) req.toolChoice = toolChoice;
  if (chat.parallel_tool_calls != null) req.parallelToolCalls = chat.parallel_tool_calls;
  const maxTokens = chat.max_completion_tokens ?? chat.max_tokens;
  if (maxTokens != null) req.maxTokens = maxTokens;
  if (chat.temperature != null) req.temperature = chat.temperature;
  if (chat.top_p != null) req.topP = chat.top_p;
  if (chat.stop != null) req.stop = typeof chat.stop === 'string' ? [chat.stop] : chat.stop;
  if (req.stream && chat.stream_options?.include_usage === true) req.streamUsage = true;
  if (chat.reasoning_effort != null) req.reasoning = { effort: chat.reasoning_effort };
  if (chat.user != null) req.user = chat.user;
  return req;
}

function joinText(content: string | Array<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('\n\n');
}

function userContent(message: Message<'user'>): ContentPart[] {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return message.content.map((part): ContentPart =>
    part.type === 'text' ? { type: 'text', text: part.text } : decodeImage(part.image_url.url),
  );
}

const dataUrl = /^data:([^;,]+);base64,/;

function decodeImage(url: string): ContentPart {
  const match = dataUrl.exec(url);
  if (!match) return { type: 'image', url };
  return { type: 'image', data: url.slice(match[0].length), mediaType: match[1] };
}

function assistantContent(message: Message<'assistant'>): ContentPart[] {
  const parts: ContentPart[] = [];
  if (message.reasoning_content) parts.push({ type: 'reasoning', text: message.reasoning_content });
  const text =
    typeof message.content === 'string'
      ? message.content
      : (message.content ?? []).map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
  const calls = message.tool_calls ?? [];
  // An empty string next to tool calls is just "no text"; on its own it is the message.
  if (text !== '' || calls.length === 0) parts.push({ type: 'text', text });
  for (const call of calls) {
    parts.push({ type: 'tool_call', id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return parts;
}

// Consecutive tool messages answer one assistant turn, so they share one canonical message;
// protocols that need all results of a turn together (Anthropic) get them that way.
function appendToolResult(messages: CanonicalMessage[], message: Message<'tool'>): void {
  const part: ContentPart = { type: 'tool_result', callId: message.tool_call_id, content: joinText(message.content) };
  const last = messages.at(-1);
  if (last?.role === 'tool') last.content.push(part);
  else messages.push({ role: 'tool', content: [part] });
}

function decodeTools(tools: ChatRequestBody['tools']): CanonicalTool[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  const result: CanonicalTool[] = [];
  tools.forEach((tool, i) => {
    // Non-function tools (custom, built-ins) have no canonical form and no chat provider
    // that would run them behind this gateway, so they are left out.
    if (tool.type !== 'function') return;
    if (!tool.function) throw badRequest(`tools.${i}.function: required for a function tool`);
    const { name, description, parameters } = tool.function;
    const decoded: CanonicalTool = { name, parameters: parameters ?? { type: 'object', properties: {} } };
    if (description !== undefined) decoded.description = description;
    result.push(decoded);
  });
  return result.length > 0 ? result : undefined;
}

function decodeToolChoice(choice: ChatRequestBody['tool_choice']): ToolChoice | undefined {
  if (choice == null) return undefined;
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function' && choice.function) return { name: choice.function.name };
  // `allowed_tools` and custom-tool choices have no canonical form; the default applies.
  return undefined;
}
