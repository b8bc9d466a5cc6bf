import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet-parts';

describe('snippetParts', () => {
  it('splits a snippet into marked and plain parts, decoding what the server escaped', () => {
    expect(snippetParts('…the <mark>cache</mark> keeps &lt;b&gt; &amp; <mark>tokens</mark>…')).toEqual([
      { text: '…the ', mark: false },
      { text: 'cache', mark: true },
      { text: ' keeps <b> & ', mark: false },
      { text: 'tokens', mark: true },
      { text: '…', mark: false },
    ]);
  });
});
