import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

describe('<Markdown>', () => {
  it('renders headings, lists, code and links as elements', () => {
    const out = html('# Done\n\n- **fixed** `a.ts`\n- see [docs](https://example.com)\n\n```sh\nnpm test\n```');
    expect(out).toContain('<h3 class="md-h md-h1">Done</h3>');
    expect(out).toContain('<li><strong>fixed</strong> <code>a.ts</code></li>');
    expect(out).toContain('<a href="https://example.com/" target="_blank" rel="noopener noreferrer">docs</a>');
    expect(out).toContain('<pre class="code-block" data-lang="sh"><code>npm test</code></pre>');
  });

  it('prints HTML in the text as text, never as markup', () => {
    const out = html('<script>alert(1)</script> <img src=x onerror="alert(1)"> [x](javascript:alert(1)) "quote\'');
    expect(out).not.toMatch(/<script|<img|href=|onerror="/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('keeps an attribute-breaking URL inside its attribute', () => {
    const out = html('[x](https://a.example/"><script>alert(1)</script>)');
    expect(out).not.toContain('<script');
    expect(out.match(/<a /g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});
