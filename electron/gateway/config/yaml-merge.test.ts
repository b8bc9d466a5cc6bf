import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { mergeIntoDocument } from './yaml-merge.js';

const edit = (text: string, change: (document: any) => void) => {
  const yaml = parseDocument(text);
  const next = yaml.toJS();
  change(next);
  mergeIntoDocument(yaml, next);
  return yaml.toString({ lineWidth: 0, flowCollectionPadding: false });
};

const text = `providers:
  # first
  - id: a
    type: openai-chat # the old protocol
  # second
  - id: b
    type: anthropic
  # third
  - id: c
    type: openai-chat
server:
  port: 3000 # fixed
`;

describe('editing a YAML document in place', () => {
  it('removes a provider with its own comments and keeps the others\'', () => {
    expect(edit(text, (d) => d.providers.splice(1, 1))).toBe(text.replace('  # second\n  - id: b\n    type: anthropic\n', ''));
  });

  it('keeps comments on providers that moved', () => {
    const moved = edit(text, (d) => d.providers.reverse());
    expect(moved.indexOf('# third\n  - id: c')).toBeLessThan(moved.indexOf('# first\n  - id: a'));
    expect(moved).toContain('type: openai-chat # the old protocol');
  });

  it('keeps a renamed provider\'s comments, and a scalar\'s comment when its type changes', () => {
    const renamed = edit(text, (d) => {
      d.providers[0].id = 'renamed';
      d.server.port = '${PORT}';
    });
    expect(renamed).toContain('  # first\n  - id: renamed\n    type: openai-chat # the old protocol\n');
    expect(renamed).toContain('port: ${PORT} # fixed');
  });

  it('adds new keys after the existing ones and leaves an unchanged document as it was', () => {
    expect(edit(text, (d) => (d.routes = [{ match: '*', to: ['a'] }]))).toBe(`${text}routes:\n  - match: "*"\n    to:\n      - a\n`);
    expect(edit(text, () => undefined)).toBe(text);
  });
});
