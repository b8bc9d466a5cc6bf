/**
 * Tool arguments as the input object Anthropic and its clients require. Models sometimes
 * emit arguments that are not a JSON object; the turn must still be well-formed, so the
 * input becomes {} and the tool's own validation tells the model what went wrong.
 */
export function toolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
