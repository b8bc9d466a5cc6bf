import { z } from 'zod';
import { badRequest } from '../../../http/http-error.js';

// Only the parts of a Responses request the decoder relies on are checked; everything
// else passes through loose objects, since clients add fields faster than we could list.

const text = z.string();
const part = z.looseObject({ type: z.string() });

export const requestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([text, z.array(z.looseObject({ type: z.string().optional() }))]).optional(),
  instructions: text.nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.looseObject({ type: z.string() })]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stream: z.boolean().nullish(),
  reasoning: z.looseObject({ effort: text.nullish() }).nullish(),
  user: text.nullish(),
  previous_response_id: text.nullish(),
});

export const messageItem = z.looseObject({
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([text, z.array(part)]),
});

export const textPart = z.looseObject({ text: text });
export const refusalPart = z.looseObject({ refusal: text });
export const imagePart = z.looseObject({ image_url: text });

export const functionCallItem = z.looseObject({
  call_id: text,
  name: text,
  arguments: text,
  namespace: text.nullish(),
});

export const functionCallOutputItem = z.looseObject({
  call_id: text,
  output: z.union([text, z.array(part), z.looseObject({ content: text })]),
});

export const customToolCallItem = z.looseObject({ call_id: text, name: text, input: text });
export const customToolCallOutputItem = z.looseObject({ call_id: text, output: text });
export const localShellCallItem = z.looseObject({ call_id: text, action: z.unknown() });

export const reasoningItem = z.looseObject({
  summary: z.array(z.looseObject({ text: text })).nullish(),
  content: z.array(z.looseObject({ text: text })).nullish(),
  encrypted_content: text.nullish(),
});

export const functionTool = z.looseObject({
  name: text.min(1),
  description: text.nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
});

export const namespaceTool = z.looseObject({
  name: text.min(1),
  tools: z.array(z.looseObject({ type: z.string().optional() })),
});

export const functionToolChoice = z.looseObject({ name: text, namespace: text.nullish() });

type Path = ReadonlyArray<PropertyKey>;

export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : `${out ? '.' : ''}${String(segment)}`;
  }
  return out || '(body)';
}

/** Parses with `schema`, or throws a 400 that names the offending field, e.g. `input[3].call_id`. */
export function parseAt<T>(schema: z.ZodType<T>, value: unknown, at: Path = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = formatPath([...at, ...(issue?.path ?? [])]);
  throw badRequest(`Invalid Responses request at ${where}: ${issue?.message ?? 'invalid value'}`);
}
