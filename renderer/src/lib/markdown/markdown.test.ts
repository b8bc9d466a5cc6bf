import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './blocks';
import { parseInline } from './inline';
import { safeHref } from './safe-href';

describe('parseMarkdown', () => {
  it('reads the blocks an agent writes in an answer', () => {
    const blocks = parseMarkdown(
      ['## Summary', 'Fixed the **flaky** test.', '', '- one', '- two', '  - nested', '', '1. first', '2. second', '', '```ts', 'const a = 1 < 2;', '```', '', '> quoted', '', '---'].join('\n'),
    );
    expect(blocks.map((block) => block.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'code', 'quote', 'rule']);
    expect(blocks[0]).toMatchObject({ type: 'heading', level: 2, children: [{ type: 'text', text: 'Summary' }] });
    expect(blocks[1]).toMatchObject({ children: [{ text: 'Fixed the ' }, { type: 'strong', children: [{ text: 'flaky' }] }, { text: ' test.' }] });
    expect(blocks[2]).toMatchObject({ ordered: false, items: [[{ type: 'paragraph' }], [{ type: 'paragraph' }, { type: 'list', items: [[{ type: 'paragraph' }]] }]] });
    expect(blocks[3]).toMatchObject({ ordered: true, start: 1, items: [[{}], [{}]] });
    expect(blocks[4]).toEqual({ type: 'code', lang: 'ts', text: 'const a = 1 < 2;' });
  });

  it('reads a GitHub table with its alignment', () => {
    const [table] = parseMarkdown('| file | lines |\n|:-----|------:|\n| a.ts | 12 |\n| b\\|c | 3 |');
    expect(table).toMatchObject({
      type: 'table',
      align: ['left', 'right'],
      head: [[{ text: 'file' }], [{ text: 'lines' }]],
      rows: [
        [[{ text: 'a.ts' }], [{ text: '12' }]],
        [[{ text: 'b|c' }], [{ text: '3' }]],
      ],
    });
  });

  it('keeps an unclosed code fence as code to the end', () => {
    expect(parseMarkdown('```\nnpm test\n<b>x</b>')).toEqual([{ type: 'code', lang: null, text: 'npm test\n<b>x</b>' }]);
  });

  it('keeps single newlines as line breaks, as agents mean them', () => {
    expect(parseMarkdown('line one\nline two')[0]).toMatchObject({ children: [{ text: 'line one' }, { type: 'break' }, { text: 'line two' }] });
  });
});

describe('parseInline', () => {
  it('reads code spans, emphasis and strikethrough, and leaves snake_case alone', () => {
    expect(parseInline('run `npm test` in *src* with ~~old~~ my_var_name')).toEqual([
      { type: 'text', text: 'run ' },
      { type: 'code', text: 'npm test' },
      { type: 'text', text: ' in ' },
      { type: 'em', children: [{ type: 'text', text: 'src' }] },
      { type: 'text', text: ' with ' },
      { type: 'del', children: [{ type: 'text', text: 'old' }] },
      { type: 'text', text: ' my_var_name' },
    ]);
  });

  it('links only http(s) targets, and autolinks bare URLs', () => {
    expect(parseInline('[docs](https://example.com/a_(b)) and https://example.org/x.')).toEqual([
      { type: 'link', href: 'https://example.com/a_(b)', children: [{ type: 'text', text: 'docs' }] },
      { type: 'text', text: ' and ' },
      { type: 'link', href: 'https://example.org/x', children: [{ type: 'text', text: 'https://example.org/x' }] },
      { type: 'text', text: '.' },
    ]);
  });
});

describe('markdown against injection', () => {
  const hrefs = (text: string): string[] => JSON.stringify(parseMarkdown(text)).match(/"href":"[^"]*"/g) ?? [];

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox)',
    '[x](file:///etc/passwd)',
    '[x](//evil.example/)',
    '[x](/relative)',
    '<javascript:alert(1)>',
    '![img](javascript:alert(1))',
    '[x](https://a.example/\u0000evil)',
    'javascript:alert(1)',
  ])('gives no link for %j', (text) => {
    expect(hrefs(text)).toEqual([]);
    // The words stay readable.
    expect(JSON.stringify(parseMarkdown(text))).toMatch(/"text":"[^"]*(x|img|alert)/);
  });

  it('treats HTML as text', () => {
    const blocks = parseMarkdown('<script>alert(1)</script>\n<img src=x onerror=alert(1)>');
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }, { type: 'break' }, { type: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });

  it('never nests a link in a link', () => {
    expect(parseInline('[see https://a.example](https://b.example)')).toEqual([
      { type: 'link', href: 'https://b.example/', children: [{ type: 'text', text: 'see https://a.example' }] },
    ]);
  });

  it('parses pathological input in linear time', () => {
    const started = performance.now();
    parseMarkdown('*a '.repeat(30_000) + '[('.repeat(30_000) + '`'.repeat(5_000) + '\n> '.repeat(2_000) + '\n- '.repeat(2_000));
    parseInline('_x '.repeat(50_000) + '**y '.repeat(50_000));
    expect(performance.now() - started).toBeLessThan(4_000);
  });
});

describe('safeHref', () => {
  it('returns the URL as the browser would parse it', () => {
    expect(safeHref('https://example.com/a b')).toBeNull();
    expect(safeHref('HTTPS://Example.com')).toBe('https://example.com/');
    expect(safeHref('http://127.0.0.1:8080/x?y=1')).toBe('http://127.0.0.1:8080/x?y=1');
  });
});
