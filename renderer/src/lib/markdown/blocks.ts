import { parseInline, type Inline } from './inline';

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code'; lang: string | null; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] }
  | { type: 'rule' };

export type { Inline };

/** Lists and quotes nested deeper than this are read as plain paragraphs. */
const maxNesting = 8;

const fence = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const rule = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const quote = /^ {0,3}> ?/;
const listItem = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const delimiterRow = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * The markdown an agent writes in its answer, as blocks: headings, paragraphs, fenced code,
 * bullet and numbered lists, quotes, GitHub tables and rules. There is no HTML block: a tag
 * is text, and the renderer prints it as text.
 */
export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'), 0);
}

function parseBlocks(lines: string[], nesting: number): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (!line.trim()) {
      index++;
      continue;
    }
    const open = fence.exec(line);
    if (open) {
      const marker = open[1]!;
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      const body: string[] = [];
      index++;
      while (index < lines.length && !closing.test(lines[index]!)) body.push(lines[index++]!);
      index++;
      blocks.push({ type: 'code', lang: open[2] || null, text: body.join('\n') });
      continue;
    }
    const title = heading.exec(line);
    if (title) {
      blocks.push({ type: 'heading', level: title[1]!.length as 1, children: parseInline(title[2] ?? '') });
      index++;
      continue;
    }
    if (rule.test(line)) {
      blocks.push({ type: 'rule' });
      index++;
      continue;
    }
    if (nesting < maxNesting && quote.test(line)) {
      const inner: string[] = [];
      while (index < lines.length && quote.test(lines[index]!)) inner.push(lines[index++]!.replace(quote, ''));
      blocks.push({ type: 'quote', children: parseBlocks(inner, nesting + 1) });
      continue;
    }
    if (nesting < maxNesting && listItem.test(line)) {
      const list = readList(lines, index, nesting);
      blocks.push(list.block);
      index = list.end;
      continue;
    }
    const table = readTable(lines, index);
    if (table) {
      blocks.push(table.block);
      index = table.end;
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length && lines[index]!.trim() && (paragraph.length === 0 || !startsBlock(lines[index]!))) paragraph.push(lines[index++]!.trim());
    blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

const startsBlock = (line: string) => fence.test(line) || heading.test(line) || rule.test(line) || quote.test(line) || listItem.test(line);

/** A run of items of one kind (bullets, or numbers); an item's lines are indented under its text. */
function readList(lines: string[], start: number, nesting: number): { block: Block; end: number } {
  const first = listItem.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const kind = ordered ? first[2]!.slice(-1) : first[2]!;
  const items: Block[][] = [];
  let index = start;
  while (index < lines.length) {
    const match = listItem.exec(lines[index]!);
    const sameKind = match && (ordered ? /\d/.test(match[2]!) && match[2]!.endsWith(kind) : match[2] === kind);
    if (!match || !sameKind) break;
    const indent = match[0].length;
    const body = [lines[index]!.slice(indent)];
    index++;
    while (index < lines.length) {
      const line = lines[index]!;
      const lead = /^ */.exec(line)![0].length;
      if (!line.trim()) {
        let next = index + 1;
        while (next < lines.length && !lines[next]!.trim()) next++;
        const following = lines[next];
        if (following === undefined || (/^ */.exec(following)![0].length < Math.min(indent, 2) && !listItem.test(following))) break;
        body.push(...lines.slice(index, next).map(() => ''));
        index = next;
        continue;
      } else if (lead >= Math.min(indent, 4) || (lead >= 2 && listItem.test(line))) body.push(line.slice(Math.min(lead, indent)));
      else if (listItem.test(line) || startsBlock(line) || !body.at(-1)?.trim()) break;
      // A line that continues the item's paragraph without indenting (a "lazy" line).
      else body.push(line.trim());
      index++;
    }
    items.push(parseBlocks(body, nesting + 1));
  }
  while (index > start && !lines[index - 1]!.trim()) index--;
  return { block: { type: 'list', ordered, start: ordered ? Number.parseInt(first[2]!, 10) : 1, items }, end: Math.max(index, start + 1) };
}

/** A GitHub table: a header row, a delimiter row with as many cells, then rows up to a blank line. */
function readTable(lines: string[], start: number): { block: Block; end: number } | null {
  const header = lines[start]!;
  const delimiter = lines[start + 1];
  if (!header.includes('|') || delimiter === undefined || !delimiterRow.test(delimiter)) return null;
  const head = cells(header);
  const align = cells(delimiter).map((cell): Align => {
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
  });
  if (head.length !== align.length) return null;
  const rows: Inline[][][] = [];
  let index = start + 2;
  while (index < lines.length && lines[index]!.trim() && lines[index]!.includes('|') && !startsBlock(lines[index]!)) {
    const row = cells(lines[index++]!);
    rows.push(head.map((_, column) => parseInline(row[column] ?? '')));
  }
  return { block: { type: 'table', align, head: head.map((cell) => parseInline(cell)), rows }, end: index };
}

/** `| a | b \| c |` -> ['a', 'b | c']. */
function cells(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}
