/** Parses a settings.json the user may have edited by hand; refuses (leaving it alone) rather than guess. */
export function parseSettings(text: string | undefined, path: string): Record<string, unknown> {
  if (text === undefined || !text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not plain JSON (comments or trailing commas?), so it was left alone: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path} does not hold a JSON object, so it was left alone`);
  return parsed as Record<string, unknown>;
}

/** The same JSON text when nothing changed (so a second connect writes nothing), else pretty-printed. */
export function settingsText(before: string | undefined, original: Record<string, unknown>, next: Record<string, unknown>): string {
  if (before !== undefined && JSON.stringify(original) === JSON.stringify(next)) return before;
  return `${JSON.stringify(next, null, 2)}\n`;
}
