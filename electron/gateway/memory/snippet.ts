const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => escapes[char]!);

/** A word matches a term when they share a stem: the term's first letters (all of a short one). */
const stemOf = (term: string) => (term.length > 5 ? term.slice(0, Math.max(5, term.length - 3)) : term);

/**
 * About `width` characters of `text` around its densest run of query words, HTML-escaped, with
 * each matching word in <mark>…</mark>; `…` where the text was cut. Safe to insert as HTML.
 */
export function snippetOf(text: string, terms: string[], width = 240): string {
  const stems = terms.map(stemOf);
  const matches: { start: number; end: number }[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0].toLowerCase();
    if (stems.some((stem) => word.startsWith(stem))) matches.push({ start: match.index, end: match.index + match[0].length });
  }
  // The window holding the most matches, starting at one of them (a little before it).
  let best = { from: 0, count: 0 };
  for (let i = 0; i < matches.length; i++) {
    let count = 0;
    while (i + count < matches.length && matches[i + count]!.end - matches[i]!.start <= width) count++;
    if (count > best.count) best = { from: matches[i]!.start, count };
  }
  let start = Math.max(0, best.from - Math.floor(width / 4));
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + width);
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  // Line breaks and runs of spaces read as one space in a one-line snippet.
  const plain = (from: number, to: number) => escapeHtml(text.slice(from, to)).replace(/\s+/g, ' ');
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const match of matches) {
    if (match.start < start || match.end > end) continue;
    out += `${plain(at, match.start)}<mark>${plain(match.start, match.end)}</mark>`;
    at = match.end;
  }
  out += plain(at, end);
  return end < text.length ? `${out}…` : out;
}
