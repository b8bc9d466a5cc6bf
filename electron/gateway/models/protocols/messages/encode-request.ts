import type { CanonicalRequest, ToolChoice } from '../../canonical.js';
import { encodeMessages, type AnthropicBlock, type AnthropicMessage } from './encode-messages.js';

/** Anthropic requires max_tokens; chat and Responses clients may leave it out. */
export const defaultMaxTokens = 8192;
const minThinkingBudget = 1024;

const ephemeral = { type: 'ephemeral' } as const;

export function encodeRequest(req: CanonicalRequest, upstreamModel: string): Record<string, unknown> {
  const messages = encodeMessages(req.messages);
  const body: Record<string, unknown> = { model: upstreamModel, max_tokens: req.maxTokens ?? defaultMaxTokens };
  // Canonical form carries no cache breakpoints, and Anthropic caches nothing without them.
  // Agents resend the same growing prefix every turn, so mark what Claude Code marks: the
  // system prompt, the last tool and the newest message (3 of the 4 allowed breakpoints).
  if (req.system) body.system = [{ type: 'text', text: req.system, cache_control: ephemeral }];
  markLastBlock(messages.at(-1)?.content);
  body.messages = messages;

  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map((tool, i, all) => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      input_schema: inputSchema(tool.parameters),
      ...(i === all.length - 1 ? { cache_control: ephemeral } : {}),
    }));
    const choice = toolChoice(req.toolChoice, req.parallelToolCalls);
    if (choice) body.tool_choice = choice;
  }
  const thinking = openToolLoopWithoutThinking(messages) ? undefined : thinkingBudget(req, body.max_tokens as number);
  if (thinking !== undefined) {
    body.thinking = { type: 'enabled', budget_tokens: thinking.budget };
    body.max_tokens = thinking.maxTokens;
  }
  // With thinking on, Anthropic refuses any temperature but 1 and a top_p below 0.95.
  if (req.temperature !== undefined && thinking === undefined) body.temperature = req.temperature;
  if (req.topP !== undefined && (thinking === undefined || req.topP >= 0.95)) body.top_p = req.topP;
  if (req.stop && req.stop.length > 0) body.stop_sequences = req.stop;
  if (req.user) body.metadata = { user_id: req.user };
  if (req.stream) body.stream = true;
  return body;
}

// Thinking blocks cannot carry cache_control; the breakpoint goes on the last block that can.
function markLastBlock(blocks: AnthropicBlock[] | undefined) {
  if (!blocks) return;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]!;
    if (block.type === 'thinking' || block.type === 'redacted_thinking') continue;
    block.cache_control = ephemeral;
    return;
  }
}

function inputSchema(parameters: Record<string, unknown>): Record<string, unknown> {
  return { ...parameters, type: 'object', ...(parameters.properties === undefined ? { properties: {} } : {}) };
}

function toolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): Record<string, unknown> | undefined {
  const serial = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...serial } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...serial };
  if (choice === 'required') return { type: 'any', ...serial };
  return { type: 'tool', name: choice.name, ...serial };
}

/**
 * Anthropic wants 1024 <= budget_tokens < max_tokens, and only tool_choice auto or none with
 * thinking. A client's max_tokens is a cap on the answer, so the budget shrinks to fit it;
 * without one, max_tokens grows to leave room for an answer after the thinking.
 */
function thinkingBudget(req: CanonicalRequest, maxTokens: number): { budget: number; maxTokens: number } | undefined {
  const requested = req.reasoning?.budgetTokens;
  if (requested === undefined || requested <= 0) return undefined;
  const forced = req.toolChoice === 'required' || typeof req.toolChoice === 'object';
  if (forced && req.tools && req.tools.length > 0) return undefined;
  const budget = Math.max(requested, minThinkingBudget);
  if (req.maxTokens === undefined) return { budget, maxTokens: Math.max(maxTokens, budget + defaultMaxTokens) };
  if (budget < maxTokens) return { budget, maxTokens };
  if (maxTokens - 1 < minThinkingBudget) return undefined;
  return { budget: maxTokens - 1, maxTokens };
}

// Mid tool loop, Anthropic wants the assistant turn that called the tools to open with its
// signed thinking when thinking is on. Turns another provider produced have none, so such a
// request goes without thinking rather than failing.
function openToolLoopWithoutThinking(messages: AnthropicMessage[]): boolean {
  const last = messages.at(-1);
  const caller = messages.at(-2);
  if (last?.role !== 'user' || caller?.role !== 'assistant') return false;
  if (!last.content.some((block) => block.type === 'tool_result')) return false;
  const first = caller.content[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
