// The small subset of JSONPath a balance answer needs: `$.data.balance_infos[0].total_balance`.
// Dots and bracketed indices or quoted keys, nothing that evaluates (no filters, no wildcards),
// so a config value can never make the gateway run anything.

export type JsonPathSegment = string | number;

const segment = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(['"])(.*?)\3\]/y;

/** Parses `$.a.b[0]["c d"]` (the leading `$` or `$.` is optional); throws with the offending offset. */
export function parseJsonPath(path: string): JsonPathSegment[] {
  let text = path.trim();
  if (text.startsWith('$')) text = text.slice(1);
  if (text && !text.startsWith('.') && !text.startsWith('[')) text = `.${text}`;
  const segments: JsonPathSegment[] = [];
  segment.lastIndex = 0;
  while (segment.lastIndex < text.length) {
    const at = segment.lastIndex;
    const match = segment.exec(text);
    if (!match) throw new Error(`unsupported JSON path syntax at "${text.slice(at, at + 12)}" (use $.a.b[0].c)`);
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[4] ?? '');
  }
  if (segments.length === 0) throw new Error('a JSON path must name at least one field');
  return segments;
}

/** The value at `path` in `value`, or undefined when any step is missing. */
export function readJsonPath(value: unknown, path: string | JsonPathSegment[]): unknown {
  const segments = typeof path === 'string' ? parseJsonPath(path) : path;
  let current: unknown = value;
  for (const key of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A number from a number or a numeric string ("110.00"); undefined otherwise. */
export function asAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}
