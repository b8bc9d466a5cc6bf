import { z } from 'zod';

// Only what decodeRequest reads is checked. Objects stay loose: Claude Code sends fields we
// do not translate (context_management, cache_control, citations…) and they must not fail
// a request. Block types are checked, so a typo names its path instead of vanishing.

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });

const base64Source = z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() });
const urlSource = z.looseObject({ type: z.literal('url'), url: z.string() });

const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [base64Source, urlSource]),
});

const documentBlock = z.looseObject({
  type: z.literal('document'),
  title: z.string().nullish(),
  source: z.discriminatedUnion('type', [
    base64Source,
    urlSource,
    z.looseObject({ type: z.literal('text'), data: z.string() }),
    z.looseObject({ type: z.literal('content'), content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]) }),
  ]),
});

const searchResultBlock = z.looseObject({
  type: z.literal('search_result'),
  source: z.string(),
  title: z.string(),
  content: z.array(textBlock),
});

// Tool search answers with references to tools it loaded; the name is what the model needs.
const toolReferenceBlock = z.looseObject({ type: z.literal('tool_reference'), tool_name: z.string() });

const toolResultContent = z.union([
  z.string(),
  z.array(z.discriminatedUnion('type', [textBlock, imageBlock, documentBlock, searchResultBlock, toolReferenceBlock])),
]);

const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});

const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: toolResultContent.nullish(),
  is_error: z.boolean().nullish(),
});

const thinkingBlock = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().nullish(),
});

const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

/** Blocks produced by Anthropic-hosted tools. Their tools are not forwarded, so neither is their history. */
export const serverBlockTypes = [
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
] as const;
const serverBlock = z.looseObject({ type: z.enum(serverBlockTypes) });

const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  documentBlock,
  searchResultBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
  serverBlock,
]);

const message = z.looseObject({
  // `system` turns mid-conversation come from Claude Code's mid-conversation-system beta.
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const tool = z
  .looseObject({
    type: z.string().nullish(),
    name: z.string().min(1),
    description: z.string().nullish(),
    input_schema: z.record(z.string(), z.unknown()).nullish(),
  })
  .superRefine((value, ctx) => {
    if (isCustomTool(value) && !value.input_schema) {
      ctx.addIssue({ code: 'custom', path: ['input_schema'], message: 'a custom tool needs an input_schema object' });
    }
  });

const toolChoiceOptions = { disable_parallel_tool_use: z.boolean().nullish() };
const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), ...toolChoiceOptions }),
  z.looseObject({ type: z.literal('any'), ...toolChoiceOptions }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), ...toolChoiceOptions }),
  z.looseObject({ type: z.literal('none') }),
]);

const requestShape = {
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlock)]).nullish(),
  messages: z.array(message),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  // enabled (with a budget), disabled, adaptive: the type is not restricted so a new mode
  // degrades to "no explicit budget" instead of a 400.
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().nullish() }).nullish(),
  output_config: z.looseObject({ effort: z.string().nullish() }).nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
};

export const messagesRequestSchema = z.looseObject(requestShape);
/** POST /v1/messages/count_tokens takes the same body without max_tokens. */
export const countTokensRequestSchema = z.looseObject({ ...requestShape, max_tokens: requestShape.max_tokens.nullish() });

export type MessagesRequestBody = z.infer<typeof countTokensRequestSchema>;
export type MessageParam = MessagesRequestBody['messages'][number];
export type ContentBlockParam = Exclude<MessageParam['content'], string>[number];
export type ToolParam = NonNullable<MessagesRequestBody['tools']>[number];
export type ToolResultContent = z.infer<typeof toolResultContent>;

export function isCustomTool(tool: { type?: string | null }): boolean {
  return tool.type == null || tool.type === 'custom';
}

