import { safeHref } from './safe-href';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em' | 'del'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

/** Nested emphasis deeper than this stays literal text: no input can make the parser recurse without bound. */
const maxDepth = 6;
const escapable = /[\\`*_{}[\]()#+\-.!|~<>"'&]/;
const bareUrl = /^https?:\/\/[^\s<>]*[^\s<>.,:;"')\]!?*_~]/;

/**
 * Inline markdown: code spans, emphasis, strikethrough, links and autolinks, hard breaks.
 * Everything else, HTML tags included, is text. Every search for a closing delimiter that
 * fails is remembered, so a result full of stray `*` or `[` still parses in linear time.
 */
export function parseInline(source: string, depth = 0, inLink = false): Inline[] {
  const out: Inline[] = [];
  const brackets = matchBrackets(source);
  const noCloser = new Map<string, number>();
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  const push = (node: Inline) => {
    flush();
    out.push(node);
  };

  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    const rest = source.slice(index, index + 2);
    if (char === '\\' && index + 1 < source.length) {
      const next = source[index + 1]!;
      if (next === '\n') {
        push({ type: 'break' });
        index += 2;
        continue;
      }
      if (escapable.test(next)) {
        text += next;
        index += 2;
        continue;
      }
    }
    if (char === '\n') {
      // Agents write chat-style text, where a single newline means a new line.
      text = text.replace(/ +$/, '');
      push({ type: 'break' });
      index += 1;
      continue;
    }
    if (char === '`') {
      const span = codeSpan(source, index, noCloser);
      if (span) {
        push({ type: 'code', text: span.text });
        index = span.end;
        continue;
      }
      const run = runLength(source, index);
      text += '`'.repeat(run);
      index += run;
      continue;
    }
    if (!inLink && (char === '[' || (rest === '![' && brackets.has(index + 1)))) {
      const open = char === '[' ? index : index + 1;
      const link = linkAt(source, open, brackets);
      if (link) {
        const label = source.slice(open + 1, brackets.get(open));
        const children = depth < maxDepth ? parseInline(label, depth + 1, true) : [{ type: 'text' as const, text: label }];
        // An unsafe target (javascript:, data:, a relative path) keeps its words and loses the link.
        if (link.href) push({ type: 'link', href: link.href, children });
        else {
          flush();
          out.push(...children);
        }
        index = link.end;
        continue;
      }
    }
    if (char === '<' && !inLink) {
      const auto = /^<(https?:\/\/[^\s<>]+)>/.exec(source.slice(index, index + 2_048));
      const href = auto ? safeHref(auto[1]!) : null;
      if (auto && href) {
        push({ type: 'link', href, children: [{ type: 'text', text: auto[1]! }] });
        index += auto[0].length;
        continue;
      }
    }
    if (char === 'h' && !inLink && !/[A-Za-z0-9]/.test(source[index - 1] ?? '')) {
      const bare = bareUrl.exec(source.slice(index, index + 2_048));
      const href = bare ? safeHref(bare[0]) : null;
      if (bare && href) {
        push({ type: 'link', href, children: [{ type: 'text', text: bare[0] }] });
        index += bare[0].length;
        continue;
      }
    }
    if ((char === '*' || char === '_' || char === '~') && depth < maxDepth) {
      const emphasis = emphasisAt(source, index, noCloser);
      if (emphasis) {
        push({ type: emphasis.type, children: parseInline(source.slice(emphasis.innerStart, emphasis.innerEnd), depth + 1, inLink) });
        index = emphasis.end;
        continue;
      }
    }
    text += char;
    index += 1;
  }
  flush();
  return out;
}

/** `` `code` ``: a run of n backticks closed by a run of exactly n. */
function codeSpan(source: string, start: number, noCloser: Map<string, number>): { text: string; end: number } | null {
  const run = '`'.repeat(runLength(source, start));
  const key = `code${run.length}`;
  if ((noCloser.get(key) ?? Infinity) <= start) return null;
  let from = start + run.length;
  for (;;) {
    const at = source.indexOf(run, from);
    if (at === -1) {
      noCloser.set(key, start);
      return null;
    }
    if (source[at + run.length] === '`') {
      from = at + runLength(source, at);
      continue;
    }
    let text = source.slice(start + run.length, at).replace(/\n/g, ' ');
    if (/^ .*[^ ].* $/.test(text)) text = text.slice(1, -1);
    return { text, end: at + run.length };
  }
}

/** `[label](url "title")` at `open`; href is null when the target is not a safe http(s) URL. */
function linkAt(source: string, open: number, brackets: Map<number, number>): { href: string | null; end: number } | null {
  const close = brackets.get(open);
  if (close === undefined || source[close + 1] !== '(') return null;
  let index = close + 2;
  while (source[index] === ' ') index++;
  let depth = 0;
  const urlStart = index;
  for (; index < source.length; index++) {
    const char = source[index]!;
    if (char === '\\') index++;
    else if (char === '(') depth++;
    else if (char === ')') {
      if (depth === 0) break;
      depth--;
    } else if (/\s/.test(char)) break;
  }
  let url = source.slice(urlStart, index);
  if (url.startsWith('<') && url.endsWith('>')) url = url.slice(1, -1);
  const title = /^\s+("[^"\n]*"|'[^'\n]*')?\s*\)/.exec(source.slice(index, index + 500));
  if (source[index] === ')') return { href: safeHref(url), end: index + 1 };
  if (title) return { href: safeHref(url), end: index + title[0].length };
  return null;
}

function runLength(source: string, start: number): number {
  let end = start;
  while (source[end] === source[start]) end++;
  return end - start;
}

/** Pairs every `[` with its `]` in one pass (escaped brackets do not count). */
function matchBrackets(source: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (char === '[') stack.push(index);
    else if (char === ']' && stack.length) pairs.set(stack.pop()!, index);
  }
  return pairs;
}

const emphasisTypes = { '**': 'strong', __: 'strong', '~~': 'del', '*': 'em', _: 'em' } as const;

function emphasisAt(source: string, start: number, noCloser: Map<string, number>) {
  const two = source.slice(start, start + 2);
  if (!(two in emphasisTypes) && source[start] === '~') return null;
  const delimiter = (two in emphasisTypes ? two : source[start]!) as keyof typeof emphasisTypes;
  const mark = delimiter[0]!;
  const word = /[A-Za-z0-9]/;
  const after = source[start + delimiter.length] ?? '';
  // An opener is followed by a non-space; `_` inside a word (snake_case) opens nothing.
  if (!after || /\s/.test(after) || after === mark) return null;
  if (mark === '_' && word.test(source[start - 1] ?? '')) return null;
  if ((noCloser.get(delimiter) ?? Infinity) <= start) return null;
  let from = start + delimiter.length + 1;
  for (;;) {
    const at = source.indexOf(delimiter, from);
    if (at === -1) {
      noCloser.set(delimiter, start);
      return null;
    }
    // A closer is a run of exactly the opener's length, after a non-space (`*a **b** c*` closes at the last `*`).
    let runEnd = at;
    while (source[runEnd] === mark) runEnd++;
    const closes = runEnd - at === delimiter.length && source[at - 1] !== mark && !/\s/.test(source[at - 1]!) && !(mark === '_' && word.test(source[runEnd] ?? ''));
    if (closes) return { type: emphasisTypes[delimiter], innerStart: start + delimiter.length, innerEnd: at, end: runEnd };
    from = runEnd;
  }
}
