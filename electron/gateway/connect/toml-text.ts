import { parse as parseToml } from 'smol-toml';

// Codex's config.toml is the user's, comments and all: edits are made to its text, a table at
// a time, and the result is parsed again before anything is written.

export function parseTomlOrExplain(text: string, path: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${path} is not valid TOML, so it was left alone: ${(error as Error).message.split('\n')[0]}`);
  }
}

const header = (line: string) => /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line)?.[1]?.replace(/\s*\.\s*/g, '.').replace(/"/g, '');

/** Replaces the table `[name]` (up to the next table header) or appends it. */
export function upsertTable(text: string, name: string, block: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => header(line) === name);
  if (start === -1) return `${text.replace(/\n*$/, '')}${text.trim() ? '\n\n' : ''}${block}\n`;
  let end = start + 1;
  while (end < lines.length && header(lines[end] as string) === undefined) end++;
  while (end > start + 1 && (lines[end - 1] as string).trim() === '') end--;
  return [...lines.slice(0, start), ...block.split('\n'), ...lines.slice(end)].join('\n');
}

/** Removes the table `[name]` and its sub-tables `[name.*]`, each up to the next table header. */
export function removeTables(text: string, name: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    const table = header(line);
    if (table !== undefined) dropping = table === name || table.startsWith(`${name}.`);
    if (!dropping) kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n');
}

const topLevelEnd = (lines: string[]) => {
  const firstTable = lines.findIndex((line) => header(line) !== undefined);
  return firstTable === -1 ? lines.length : firstTable;
};
const keyLine = (key: string) => new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`);

/** Sets a key before the first table, where TOML top-level keys must live. */
export function upsertTopLevelKey(text: string, key: string, value: string): string {
  const lines = text.split('\n');
  const top = topLevelEnd(lines);
  const existing = lines.slice(0, top).findIndex((line) => keyLine(key).test(line));
  if (existing !== -1) {
    lines[existing] = `${key} = ${value}`;
    return lines.join('\n');
  }
  // At the end of the top-level keys, so a comment heading the file stays first.
  let at = top;
  while (at > 0 && (lines[at - 1] as string).trim() === '') at--;
  lines.splice(at, 0, `${key} = ${value}`);
  return lines.join('\n');
}

export function removeTopLevelKey(text: string, key: string): string {
  const lines = text.split('\n');
  const top = topLevelEnd(lines);
  return lines.filter((line, index) => index >= top || !keyLine(key).test(line)).join('\n');
}
