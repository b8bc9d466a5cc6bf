import { describe, expect, it } from 'vitest';
import { chunkText } from './chunker.js';

const options = { size: 120, overlap: 20 };

describe('chunkText', () => {
  it('keeps a short text whole and drops blank paragraphs', () => {
    expect(chunkText('  A short note.\n\n\n  ', options)).toEqual([{ text: 'A short note.', start: 2, end: 15 }]);
    expect(chunkText('   \n\n  ', options)).toEqual([]);
  });

  it('packs whole paragraphs up to the size and starts the next chunk with the end of the previous one', () => {
    const first = 'First paragraph about the auth module and its token checks.';
    const second = 'Second paragraph: the reviewer wants tests.';
    const third = 'Third paragraph talks about the release schedule for next week entirely.';
    const text = `${first}\n\n${second}\n\n${third}`;
    const chunks = chunkText(text, options);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.text).toBe(`${first}\n\n${second}`);
    expect(chunks[1]!.text.endsWith(third)).toBe(true);
    // The overlap is the tail of the first chunk, cut at a word.
    const lead = chunks[1]!.text.slice(0, chunks[1]!.text.indexOf(third)).trim();
    expect(lead.length).toBeGreaterThan(0);
    expect(lead.length).toBeLessThanOrEqual(20);
    expect(second.endsWith(lead)).toBe(true);
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
  });

  it('cuts a long paragraph at sentence ends, else at spaces, and loses no text', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} says something.`).join(' ');
    const chunks = chunkText(sentences, { size: 100, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(100);
      expect(chunk.text.endsWith('.')).toBe(true);
    }
    expect(chunks.map((chunk) => chunk.text).join(' ')).toBe(sentences);
    const word = 'x'.repeat(250);
    expect(chunkText(word, { size: 100, overlap: 0 }).map((chunk) => chunk.text.length)).toEqual([100, 100, 50]);
  });

  it('aims at about 1,000 characters with the defaults', () => {
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(5).trim();
    const text = Array.from({ length: 20 }, () => paragraph).join('\n\n');
    const chunks = chunkText(text, { size: 1_000, overlap: 150 });
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(1_150);
    expect(chunks.slice(0, -1).every((chunk) => chunk.text.length > 700)).toBe(true);
  });
});
