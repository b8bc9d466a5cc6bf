import type { CanonicalRequest, CanonicalTool, ToolChoice } from '../../canonical.js';
import { badRequest } from '../../../http/http-error.js';
import type { DecodeContext } from '../types.js';
import { decodeInput } from './decode-input.js';
import { functionTool, functionToolChoice, namespaceTool, parseAt, requestSchema } from './schema.js';
import { ToolNameMap } from './tool-names.js';

type WireTool = { type: string };

const emptyParameters = (): Record<string, unknown> => ({ type: 'object', properties: {} });

function toCanonicalTool(tool: unknown, name: string, at: PropertyKey[]): CanonicalTool {
  const t = parseAt(functionTool, tool, at);
  const out: CanonicalTool = { name, parameters: t.parameters ?? emptyParameters() };
  if (t.description) out.description = t.description;
  return out;
}

// Only function tools reach a provider. Codex nests function tools in `namespace` tools;
// those are flattened. Hosted tools (web_search, image_generation, local_shell, custom
// freeform…) have no meaning for another provider and are dropped.
function decodeTools(tools: WireTool[], names: ToolNameMap): CanonicalTool[] {
  // Plain tools claim their names first: the client knows them by those exact names.
  tools.forEach((tool, i) => {
    if (tool.type === 'function') names.declare(undefined, parseAt(functionTool, tool, ['tools', i]).name);
  });
  return tools.flatMap((tool, i): CanonicalTool[] => {
    const at = ['tools', i];
    if (tool.type === 'function') {
      return [toCanonicalTool(tool, names.declare(undefined, parseAt(functionTool, tool, at).name), at)];
    }
    if (tool.type !== 'namespace') return [];
    const ns = parseAt(namespaceTool, tool, at);
    return ns.tools.flatMap((inner, j): CanonicalTool[] => {
      if ((inner.type ?? 'function') !== 'function') return [];
      const innerAt = [...at, 'tools', j];
      const name = names.declare(ns.name, parseAt(functionTool, inner, innerAt).name);
      return [toCanonicalTool(inner, name, innerAt)];
    });
  });
}

function decodeToolChoice(choice: unknown, names: ToolNameMap): ToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (choice === null || typeof choice !== 'object') return undefined;
  const { type, mode } = choice as { type?: unknown; mode?: unknown };
  if (type === 'function') {
    const c = parseAt(functionToolChoice, choice, ['tool_choice']);
    return { name: names.resolve(c.namespace ?? undefined, c.name) };
  }
  if (type === 'allowed_tools') return mode === 'required' ? 'required' : 'auto';
  // A forced hosted tool (web_search…) was dropped with the tool itself.
  return undefined;
}

export function decodeRequest(body: unknown, ctx: DecodeContext): CanonicalRequest {
  const req = parseAt(requestSchema, body);
  if (req.previous_response_id) {
    throw badRequest('previous_response_id is not supported: responses are not stored here; send the whole conversation in `input`');
  }
  if (req.input === undefined) throw badRequest('Invalid Responses request at input: required');

  const names = new ToolNameMap(ctx.toolNames);
  const tools = decodeTools(req.tools ?? [], names);
  const { system, messages } = decodeInput(req.input, names);
  if (messages.length === 0) throw badRequest('Invalid Responses request at input: no user or assistant content');

  const systemText = [req.instructions ?? '', ...system].filter((s) => s.length > 0).join('\n\n');
  const out: CanonicalRequest = { model: req.model, messages, stream: req.stream ?? false };
  if (systemText) out.system = systemText;
  if (tools.length > 0) {
    out.tools = tools;
    const choice = decodeToolChoice(req.tool_choice, names);
    if (choice) out.toolChoice = choice;
    if (req.parallel_tool_calls != null) out.parallelToolCalls = req.parallel_tool_calls;
  }
  if (req.max_output_tokens != null) out.maxTokens = req.max_output_tokens;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.topP = req.top_p;
  if (req.reasoning?.effort) out.reasoning = { effort: req.reasoning.effort };
  if (req.user) out.user = req.user;
  return out;
}
