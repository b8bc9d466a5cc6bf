import { describe, expect, it } from 'vitest';
import { fuse } from './memory-search.js';
import { ftsQuery, queryTerms } from './query-terms.js';
import { snippetOf } from './snippet.js';

describe('snippetOf', () => {
  it('marks the query words (and words sharing their stem) and escapes everything else', () => {
    const snippet = snippetOf('<script>alert(1)</script> The reviewer reviewed the Authentication flow & tokens.', ['review', 'authentication']);
    expect(snippet).toBe('&lt;script&gt;alert(1)&lt;/script&gt; The <mark>reviewer</mark> <mark>reviewed</mark> the <mark>Authentication</mark> flow &amp; tokens.');
  });

  it('shows the window around the densest run of matches, cut at words', () => {
    const text = `${'filler words here '.repeat(30)}the auth module leaks auth tokens ${'more filler text '.repeat(30)}`;
    const snippet = snippetOf(text, ['auth', 'tokens'], 80);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>auth</mark> module leaks <mark>auth</mark> <mark>tokens</mark>');
    expect(snippet.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(82);
  });
});

describe('query terms', () => {
  it('drops stopwords unless nothing else is left, and quotes every term for FTS5', () => {
    expect(queryTerms('What did the reviewer say about the AUTH module?')).toEqual(['reviewer', 'auth', 'module']);
    expect(queryTerms('the')).toEqual(['the']);
    expect(ftsQuery(['a"b', 'c'], null)).toBe('("a""b" OR "c")');
    expect(ftsQuery(['x'], ['space_1', 'space_2'])).toBe('space_id : ("space_1" OR "space_2") AND ("x")');
  });
});

describe('fuse', () => {
  it('ranks by reciprocal rank: high in both lists beats first in one', () => {
    const fused = fuse(
      [{ id: 1, score: 9 }, { id: 2, score: 5 }, { id: 3, score: 1 }],
      [{ id: 2, score: 0.9 }, { id: 4, score: 0.8 }, { id: 1, score: 0.1 }],
    );
    expect(fused.map((hit) => hit.id)).toEqual([2, 1, 4, 3]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 6);
  });
});
