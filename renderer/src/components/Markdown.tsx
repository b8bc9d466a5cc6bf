import { Fragment, useMemo, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown/blocks';

/**
 * An agent's answer as formatted text. Built from React elements only (never innerHTML), so
 * any HTML in the text is shown as text; links are http(s) only and open outside the app.
 */
export function Markdown({ text, testId, className }: { text: string; testId?: string; className?: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div className={className ? `markdown ${className}` : 'markdown'} data-testid={testId}>
      {blocks.map((block, index) => (
        <BlockView key={index} block={block} />
      ))}
    </div>
  );
}

function BlockView({ block }: { block: Block }): ReactNode {
  switch (block.type) {
    case 'heading': {
      const Tag = `h${Math.min(block.level + 2, 6)}` as 'h3';
      return <Tag className={`md-h md-h${block.level}`}>{inlines(block.children)}</Tag>;
    }
    case 'paragraph':
      return <p>{inlines(block.children)}</p>;
    case 'code':
      return (
        <pre className="code-block" data-lang={block.lang ?? undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case 'list': {
      const items = block.items.map((item, index) => (
        <li key={index}>
          {/* A one-paragraph item is a tight item: its words, without a paragraph's margins. */}
          {item.length === 1 && item[0]!.type === 'paragraph' ? inlines(item[0]!.children) : item.map((child, at) => <BlockView key={at} block={child} />)}
        </li>
      ));
      return block.ordered ? <ol start={block.start === 1 ? undefined : block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'quote':
      return (
        <blockquote>
          {block.children.map((child, index) => (
            <BlockView key={index} block={child} />
          ))}
        </blockquote>
      );
    case 'table':
      return (
        <div className="table-wrap">
          <table className="table md-table">
            <thead>
              <tr>
                {block.head.map((cell, index) => (
                  <th key={index} scope="col" style={block.align[index] ? { textAlign: block.align[index] } : undefined}>
                    {inlines(cell)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    <td key={index} style={block.align[index] ? { textAlign: block.align[index] } : undefined}>
                      {inlines(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'rule':
      return <hr />;
  }
}

function inlines(nodes: Inline[]): ReactNode {
  return nodes.map((node, index) => <Fragment key={index}>{inline(node)}</Fragment>);
}

function inline(node: Inline): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'code':
      return <code>{node.text}</code>;
    case 'strong':
      return <strong>{inlines(node.children)}</strong>;
    case 'em':
      return <em>{inlines(node.children)}</em>;
    case 'del':
      return <del>{inlines(node.children)}</del>;
    case 'link':
      return (
        <a href={node.href} target="_blank" rel="noopener noreferrer">
          {inlines(node.children)}
        </a>
      );
    case 'break':
      return <br />;
  }
}
