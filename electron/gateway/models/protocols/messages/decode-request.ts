import type { CanonicalRequest, CanonicalTool, ToolChoice } from '../../canonical.js';
import type { DecodeContext } from '../types.js';
import { decodeMessages } from './decode-messages.js';
import { parseBody } from '../parse-body.js';
import { countTokensRequestSchema, isCustomTool, messagesRequestSchema, type MessagesRequestBody } from './schema.js';

export function decodeRequest(body: unknown, ctx: DecodeContext): CanonicalRequest {
  return toCanonical(parseBody(messagesRequestSchema, body), ctx);
}

/** The body of POST /v1/messages/count_tokens, which has no max_tokens. */
export function decodeCountTokensRequest(body: unknown): CanonicalRequest {
  return toCanonical(parseBody(countTokensRequestSchema, body), { toolNames: new Map() });
}

function toCanonical(body: MessagesRequestBody, ctx: DecodeContext): CanonicalRequest {
  const req: CanonicalRequest = { model: body.model, messages: decodeMessages(body.messages), stream: body.stream ?? false };
  const system = decodeSystem(body.system);
  if (system) req.system = system;

  const tools = (body.tools ?? []).filter(isCustomTool).map(
    (tool): CanonicalTool => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.input_schema ?? {},
    }),
  );
  for (const tool of tools) ctx.toolNames.set(tool.name, { name: tool.name });
  if (tools.length > 0) req.tools = tools;

  const choice = body.tool_choice;
  if (choice) {
    req.toolChoice = toolChoice(choice);
    if (choice.type !== 'none' && choice.disable_parallel_tool_use) req.parallelToolCalls = false;
  }
  if (body.max_tokens != null) req.maxTokens = body.max_tokens;
  if (body.temperature != null) req.temperature = body.temperature;
  if (body.top_p != null) req.topP = body.top_p;
  if (body.stop_sequences && body.stop_sequences.length > 0) req.stop = body.stop_sequences;
  // Only an explicit budget becomes reasoning. Claude Code sends `thinking: adaptive` with
  // `output_config.effort: "high"` on every call, whatever the model; turned into an
  // effort it would reach chat providers as reasoning_effort, which non-reasoning models refuse.
  const budget = body.thinking?.type === 'enabled' ? body.thinking.budget_tokens : undefined;
  if (budget != null) req.reasoning = { budgetTokens: budget };
  if (body.metadata?.user_id) req.user = body.metadata.user_id;
  return req;
}

// Claude Code opens its system prompt with a billing header whose hash changes with the
// prompt. It is addressed to Anthropic's billing, and at the head of the prompt it would
// defeat other providers' prefix caching.
const billingHeader = 'x-anthropic-billing-header:';

function decodeSystem(system: MessagesRequestBody['system']): string | undefined {
  if (system == null) return undefined;
  if (typeof system === 'string') return system || undefined;
  const texts = system.map((block) => block.text).filter((text) => text !== '' && !text.startsWith(billingHeader));
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

function toolChoice(choice: NonNullable<MessagesRequestBody['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'any':
      return 'required';
    case 'tool':
      return { name: choice.name };
    case 'none':
      return 'none';
    default:
      return 'auto';
  }
}
