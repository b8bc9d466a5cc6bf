import { describe, expect, it } from 'vitest';
import { LineSplitter } from './process-line-splitter.js';

function split(chunks: (string | Buffer)[], maxLineBytes?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxLineBytes);
  for (const chunk of chunks) splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('splits on \\n, strips \\r before it, keeps empty lines and flushes an unterminated tail', () => {
    expect(split(['a\nb\r\n\nc'])).toEqual(['a', 'b', '', 'c']);
    expect(split(['a\n'])).toEqual(['a']);
    expect(split([])).toEqual([]);
  });

  it('joins lines cut across chunks, including \\r\\n and multi-byte characters', () => {
    const text = Buffer.from('héllo wörld ✓\r\nnext\n');
    const oneByteChunks = [...text].map((byte) => Buffer.from([byte]));
    expect(split(oneByteChunks)).toEqual(['héllo wörld ✓', 'next']);
  });

  it('emits an over-long line in pieces of at most maxLineBytes, never splitting a character', () => {
    const line = 'ab✓'.repeat(10); // 5 bytes per repetition
    const pieces = split([line.slice(0, 7), line.slice(7), '\nafter\n'], 8);
    expect(pieces.slice(0, -1).join('')).toBe(line);
    expect(pieces.at(-1)).toBe('after');
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(8);
  });

  it('does not emit an empty piece when an over-long line ends right at a piece boundary', () => {
    expect(split(['abcdefghi\r\n'], 4)).toEqual(['abcd', 'efgh', 'i']);
    expect(split(['abcd\n'], 4)).toEqual(['abcd']);
  });

  it('stays linear on a huge stream of tiny chunks', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const chunk = Buffer.from('x'.repeat(63));
    const started = performance.now();
    for (let i = 0; i < 50_000; i++) splitter.push(chunk); // one 3.15 MB line
    splitter.end();
    expect(performance.now() - started).toBeLessThan(2_000);
    const MiB = 1024 * 1024;
    expect(lines.map((piece) => piece.length)).toEqual([MiB, MiB, MiB, 50_000 * 63 - 3 * MiB]);
  });
});
