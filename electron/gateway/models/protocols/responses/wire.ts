// Small readers for upstream JSON: decoding upstream output is a hot path and must tolerate
// fields a provider leaves out, so it reads defensively instead of validating whole objects.

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const rec = (value: unknown): Json => (isRecord(value) ? value : {});

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Text of a message item: its output_text parts, refusals included. */
export function messageText(item: Json): string {
  return list(item.content)
    .map((part) => rec(part))
    .map((part) => str(part.text) ?? str(part.refusal) ?? '')
    .join('');
}

/** Text of a reasoning item: full reasoning content when present, else its summary. */
export function reasoningText(item: Json): string {
  const content = list(item.content).map((c) => str(rec(c).text) ?? '');
  const parts = content.length ? content : list(item.summary).map((s) => str(rec(s).text) ?? '');
  return parts.join('\n\n');
}
