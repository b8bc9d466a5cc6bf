/** A piece of a text as indexed: its words, and where they sit in the text. */
export interface Chunk {
  text: string;
  start: number;
  end: number;
}

export interface ChunkOptions {
  /** The length a chunk aims at; paragraphs that fit together are kept together. */
  size: number;
  /** Characters of the previous chunk's end repeated at the start of the next. */
  overlap: number;
}

interface Span {
  start: number;
  end: number;
}

/**
 * Splits a text by paragraphs into chunks of about `size` characters. Paragraphs are packed
 * whole while they fit; a longer one is cut at sentence ends, else at spaces, else anywhere.
 * Each chunk after the first begins with up to `overlap` characters of the one before it
 * (from a word start), so a passage cut at a boundary is still found whole in one of them.
 */
export function chunkText(text: string, { size, overlap }: ChunkOptions): Chunk[] {
  const pieces = paragraphs(text).flatMap((span) => (span.end - span.start > size ? cut(text, span, size) : [span]));
  const chunks: Chunk[] = [];
  let current: Span | undefined;
  for (const piece of pieces) {
    if (current && piece.end - current.start <= size) {
      current.end = piece.end;
      continue;
    }
    if (current) chunks.push(withOverlap(text, current, chunks.at(-1), overlap));
    current = { ...piece };
  }
  if (current) chunks.push(withOverlap(text, current, chunks.at(-1), overlap));
  return chunks;
}

/** Non-blank paragraphs (split at blank lines), trimmed, as spans of `text`. */
function paragraphs(text: string): Span[] {
  const spans: Span[] = [];
  const separator = /\n[ \t]*\n/g;
  let from = 0;
  for (let match = separator.exec(text); ; match = separator.exec(text)) {
    const to = match ? match.index : text.length;
    const span = trim(text, from, to);
    if (span) spans.push(span);
    if (!match) break;
    from = match.index + match[0].length;
  }
  return spans;
}

function trim(text: string, start: number, end: number): Span | undefined {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : undefined;
}

/** A paragraph longer than `size`, in pieces of at most `size`, cut where the text allows. */
function cut(text: string, span: Span, size: number): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > size) {
    const limit = start + size;
    const window = text.slice(start, limit);
    // The last sentence end past half the window, else the last space, else the hard limit.
    const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('.\n'), window.lastIndexOf('! '), window.lastIndexOf('? '), window.lastIndexOf('\n'));
    const space = window.lastIndexOf(' ');
    const at = sentence > size / 2 ? sentence + 1 : space > size / 2 ? space : size;
    const piece = trim(text, start, start + at);
    if (piece) pieces.push(piece);
    start += at;
  }
  const rest = trim(text, start, span.end);
  if (rest) pieces.push(rest);
  return pieces;
}

function withOverlap(text: string, span: Span, previous: Chunk | undefined, overlap: number): Chunk {
  let start = span.start;
  if (previous && overlap > 0) {
    start = Math.max(previous.start, span.start - overlap);
    // Begin at a word: never in the middle of one.
    while (start < span.start && /\S/.test(text[start - 1] ?? ' ')) start++;
    while (start < span.start && /\s/.test(text[start]!)) start++;
  }
  return { text: text.slice(start, span.end), start, end: span.end };
}
