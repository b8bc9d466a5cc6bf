import type { StopReason, ToolChoice, Usage } from '../../canonical.js';
import type { EncodeContext } from '../types.js';
import { clientToolName } from './tool-names.js';
import { toWireUsage } from './usage.js';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

function wireToolChoice(choice: ToolChoice | undefined, ctx: EncodeContext): unknown {
  if (choice === undefined) return 'auto';
  if (typeof choice === 'string') return choice;
  return { type: 'function', ...clientToolName(ctx.decode.toolNames, choice.name) };
}

// Tools are echoed as the client declared them: namespaced ones regrouped under their namespace.
function echoTools(ctx: EncodeContext): unknown[] {
  const out: unknown[] = [];
  const namespaces = new Map<string, unknown[]>();
  for (const tool of ctx.request.tools ?? []) {
    const client = clientToolName(ctx.decode.toolNames, tool.name);
    const wire = { type: 'function', name: client.name, description: tool.description ?? null, parameters: tool.parameters, strict: false };
    if (client.namespace === undefined) {
      out.push(wire);
      continue;
    }
    let group = namespaces.get(client.namespace);
    if (!group) {
      group = [];
      namespaces.set(client.namespace, group);
      out.push({ type: 'namespace', name: client.namespace, tools: group });
    }
    group.push(wire);
  }
  return out;
}

export interface ResponseState {
  id: string;
  createdAt: number;
  status: ResponseStatus;
  output: unknown[];
  usage?: Usage;
  stopReason?: StopReason;
  error?: { code: string; message: string };
}

export function statusOf(stopReason: StopReason): { status: ResponseStatus; reason?: string } {
  if (stopReason === 'max_tokens') return { status: 'incomplete', reason: 'max_output_tokens' };
  if (stopReason === 'content_filter') return { status: 'incomplete', reason: 'content_filter' };
  return { status: 'completed' };
}

/** A full `response` object as the OpenAI SDK types it; `output_text` is left to the SDK. */
export function responseObject(state: ResponseState, ctx: EncodeContext): Record<string, unknown> {
  const req = ctx.request;
  const incomplete = state.stopReason ? statusOf(state.stopReason).reason : undefined;
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.status === 'incomplete' && incomplete ? { reason: incomplete } : null,
    // The canonical system text merges instructions with developer messages, so it is not
    // echoed as `instructions` (Codex sends none; echoing 20 kB thrice per turn buys nothing).
    instructions: null,
    max_output_tokens: req.maxTokens ?? null,
    model: ctx.requestedModel,
    output: state.output,
    parallel_tool_calls: req.parallelToolCalls ?? true,
    previous_response_id: null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: null },
    store: false,
    temperature: req.temperature ?? null,
    text: { format: { type: 'text' } },
    tool_choice: wireToolChoice(req.toolChoice, ctx),
    tools: echoTools(ctx),
    top_p: req.topP ?? null,
    truncation: 'disabled',
    usage: state.status === 'in_progress' ? null : toWireUsage(state.usage),
    user: req.user ?? null,
    metadata: {},
  };
}
