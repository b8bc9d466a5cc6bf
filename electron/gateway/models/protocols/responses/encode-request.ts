import type { CanonicalMessage, CanonicalRequest, ContentPart, ToolChoice } from '../../canonical.js';

type Item = Record<string, unknown>;

const imageUrl = (part: Extract<ContentPart, { type: 'image' }>): string | undefined =>
  part.url ?? (part.data ? `data:${part.mediaType ?? 'image/png'};base64,${part.data}` : undefined);

function userContent(parts: ContentPart[]): Item[] {
  return parts.flatMap((part): Item[] => {
    if (part.type === 'text') return [{ type: 'input_text', text: part.text }];
    if (part.type !== 'image') return [];
    const url = imageUrl(part);
    return url ? [{ type: 'input_image', image_url: url, detail: 'auto' }] : [];
  });
}

// Assistant parts keep their order: text runs become one message item, reasoning and
// tool calls their own items, as the Responses API itself returns them.
function assistantItems(parts: ContentPart[]): Item[] {
  const items: Item[] = [];
  let text: Item[] | undefined;
  for (const part of parts) {
    if (part.type === 'text') {
      if (!text) {
        text = [];
        items.push({ type: 'message', role: 'assistant', content: text });
      }
      text.push({ type: 'output_text', text: part.text, annotations: [] });
      continue;
    }
    text = undefined;
    if (part.type === 'tool_call') {
      items.push({ type: 'function_call', call_id: part.id, name: part.name, arguments: part.arguments });
    } else if (part.type === 'reasoning' && part.encrypted && !part.signature) {
      // Only OpenAI's own encrypted reasoning means anything to OpenAI; other providers'
      // thinking (or a bare summary without its ciphertext) would be rejected or misread.
      items.push({
        type: 'reasoning',
        summary: part.text ? [{ type: 'summary_text', text: part.text }] : [],
        encrypted_content: part.encrypted,
      });
    }
  }
  return items;
}

function messageItems(message: CanonicalMessage): Item[] {
  const results = message.content.flatMap((part): Item[] =>
    part.type === 'tool_result' ? [{ type: 'function_call_output', call_id: part.callId, output: part.content }] : [],
  );
  if (message.role === 'assistant') return [...assistantItems(message.content), ...results];
  const content = userContent(message.content);
  return content.length ? [...results, { type: 'message', role: 'user', content }] : results;
}

function toolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}

// Anthropic-style thinking budgets have no Responses equivalent; the nearest effort is used.
function effortOf(reasoning: NonNullable<CanonicalRequest['reasoning']>): string | undefined {
  if (reasoning.effort) return reasoning.effort;
  if (reasoning.budgetTokens === undefined) return undefined;
  if (reasoning.budgetTokens <= 2048) return 'low';
  return reasoning.budgetTokens <= 16384 ? 'medium' : 'high';
}

/** Canonical request -> body for POST {baseUrl}/responses. Nothing is stored upstream. */
export function encodeRequest(req: CanonicalRequest, upstreamModel: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: upstreamModel,
    input: req.messages.flatMap(messageItems),
    stream: req.stream,
    store: false,
  };
  if (req.system) body.instructions = req.system;
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      name: t.name,
      description: t.description ?? '',
      parameters: t.parameters,
      strict: false,
    }));
    if (req.toolChoice) body.tool_choice = toolChoice(req.toolChoice);
    if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  }
  if (req.maxTokens !== undefined) body.max_output_tokens = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  const effort = req.reasoning ? effortOf(req.reasoning) : undefined;
  if (effort) {
    body.reasoning = { effort, summary: 'auto' };
    // With store:false the reasoning of a tool-calling turn survives only as ciphertext.
    body.include = ['reasoning.encrypted_content'];
  }
  if (req.user) body.user = req.user;
  return body;
}
