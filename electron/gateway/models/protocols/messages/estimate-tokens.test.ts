import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical.js';
import { decodeRequest } from './decode-request.js';
import { estimateTokens } from './estimate-tokens.js';

const text = (chars: number): CanonicalRequest => ({ model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(chars) }] }] });

describe('estimateTokens', () => {
  it('runs about four characters to a token', () => {
    const tokens = estimateTokens(text(4000));
    expect(tokens).toBeGreaterThanOrEqual(1000);
    expect(tokens).toBeLessThan(1050);
  });

  it('grows with every part of the prompt and never shrinks', () => {
    const base = text(100);
    const sizes = [
      estimateTokens(base),
      estimateTokens({ ...base, system: 'You are helpful.' }),
      estimateTokens({ ...base, system: 'You are helpful.', tools: [{ name: 'Bash', description: 'run', parameters: { type: 'object' } }] }),
      estimateTokens({
        ...base,
        system: 'You are helpful.',
        tools: [{ name: 'Bash', description: 'run', parameters: { type: 'object' } }],
        messages: [...base.messages, { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'Bash', arguments: '{"command":"ls"}' }] }],
      }),
    ];
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]!);
    for (let chars = 0; chars < 50; chars++) expect(estimateTokens(text(chars + 1))).toBeGreaterThanOrEqual(estimateTokens(text(chars)));
  });

  it('counts an image as a full-size image, not by its base64 length', () => {
    const image: CanonicalRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'image', data: 'A'.repeat(2_000_000), mediaType: 'image/png' }] }] };
    expect(estimateTokens(image)).toBeGreaterThan(1000);
    expect(estimateTokens(image)).toBeLessThan(2000);
  });

  it('is deterministic and plausible for a Claude Code request', () => {
    const body = JSON.parse(readFileSync(new URL('./__fixtures__/claude-code-request.json', import.meta.url), 'utf8')) as unknown;
    const req = decodeRequest(body, { toolNames: new Map() });
    const chars = JSON.stringify(body).length;
    const tokens = estimateTokens(req);
    expect(estimateTokens(decodeRequest(body, { toolNames: new Map() }))).toBe(tokens);
    expect(tokens).toBeGreaterThan(chars / 8);
    expect(tokens).toBeLessThan(chars / 2);
  });
});
