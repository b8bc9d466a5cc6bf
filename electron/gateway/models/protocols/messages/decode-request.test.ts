import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../http/http-error.js';
import type { DecodeContext } from '../types.js';
import { decodeCountTokensRequest, decodeRequest } from './decode-request.js';

const fixture = () => JSON.parse(readFileSync(new URL('./__fixtures__/claude-code-request.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const ctx = (): DecodeContext => ({ toolNames: new Map() });
const base = { model: 'm', max_tokens: 100 };

function badRequestMessage(body: unknown): string {
  try {
    decodeRequest(body, ctx());
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    return (error as HttpError).message;
  }
  throw new Error('expected a 400');
}

describe('messages decodeRequest', () => {
  it('decodes a Claude Code request into the canonical form', () => {
    const context = ctx();
    const req = decodeRequest(fixture(), context);

    expect(req.model).toBe('claude-sonnet-4-5');
    expect(req.maxTokens).toBe(32000);
    expect(req.stream).toBe(true);
    // The billing header is dropped; the cache_control blocks keep their text.
    expect(req.system).toBe("You are a Claude agent, built on Anthropic's Claude Agent SDK.\n\n\nYou are an interactive agent that helps users with software engineering tasks.");
    expect(req.user).toContain('"session_id":"5a4c49bd"');
    // adaptive thinking + effort is not turned into reasoning (see decode-request.ts).
    expect(req.reasoning).toBeUndefined();

    expect(req.tools?.map((tool) => tool.name)).toEqual(['Bash', 'Read']);
    expect(req.tools?.[0]?.parameters).toMatchObject({ type: 'object', required: ['command'] });
    expect(req.tools?.[0]?.description).toBe('Executes a bash command and returns its output.');
    expect([...context.toolNames.keys()]).toEqual(['Bash', 'Read']);

    expect(req.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: "<system-reminder>\nToday's date is 2026-11-22.\n</system-reminder>\n\n" },
          { type: 'text', text: 'List the files, then read package.json' },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'text', text: '<system-reminder>\nAvailable agent types for the Agent tool:\n- general-purpose: researches questions\n</system-reminder>' }],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'I should list the files first.' },
          { type: 'text', text: "I'll list the files." },
          { type: 'tool_call', id: 'call_abc', name: 'Bash', arguments: '{"command":"ls","description":"List files"}' },
          { type: 'tool_call', id: 'toolu_01A09q90qw90lq917835lq9', name: 'Read', arguments: '{"file_path":"/tmp/p/package.json"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool_result', callId: 'call_abc', content: 'package.json\nsrc' },
          { type: 'tool_result', callId: 'toolu_01A09q90qw90lq917835lq9', content: 'File does not exist.', isError: true },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Try again with src/' }] },
    ]);
  });

  it('keeps the order of tool results and text when a user turn mixes them', () => {
    const req = decodeRequest(
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'before' },
              { type: 'tool_result', tool_use_id: 'a', content: 'A' },
              { type: 'text', text: 'between' },
              { type: 'tool_result', tool_use_id: 'b' },
            ],
          },
        ],
      },
      ctx(),
    );
    expect(req.messages.map((m) => [m.role, m.content.map((part) => (part.type === 'text' ? part.text : part.type === 'tool_result' ? part.callId : ''))])).toEqual([
      ['user', ['before']],
      ['tool', ['a']],
      ['user', ['between']],
      ['tool', ['b']],
    ]);
  });

  it('moves images a tool returned into the user message after its results', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
    const req = decodeRequest(
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'r1', content: [{ type: 'text', text: 'screenshot:' }, image] }] }],
      },
      ctx(),
    );
    expect(req.messages).toEqual([
      { role: 'tool', content: [{ type: 'tool_result', callId: 'r1', content: 'screenshot:\n[image: attached in the next user message]' }] },
      { role: 'user', content: [{ type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' }] },
    ]);
  });

  it('decodes images, documents, redacted thinking and signed thinking', () => {
    const req = decodeRequest(
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
              { type: 'document', title: 'Notes', source: { type: 'text', media_type: 'text/plain', data: 'plain text' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'hmm', signature: 'sig-1' },
              { type: 'redacted_thinking', data: 'opaque' },
              { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
              { type: 'text', text: 'ok' },
            ],
          },
        ],
      },
      ctx(),
    );
    expect(req.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', url: 'https://example.com/a.png' },
          { type: 'image', data: 'JVBERi0=', mediaType: 'application/pdf' },
          { type: 'text', text: 'Notes\n\nplain text' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'hmm', signature: 'sig-1' },
          { type: 'reasoning', text: '', encrypted: 'opaque' },
          { type: 'text', text: 'ok' },
        ],
      },
    ]);
  });

  it('maps tool_choice, sampling, stop sequences and an explicit thinking budget', () => {
    const tools = [{ name: 'f', input_schema: { type: 'object' } }];
    const decode = (extra: Record<string, unknown>) => decodeRequest({ ...base, messages: [], tools, ...extra }, ctx());
    expect(decode({ tool_choice: { type: 'auto' } }).toolChoice).toBe('auto');
    expect(decode({ tool_choice: { type: 'any' } }).toolChoice).toBe('required');
    expect(decode({ tool_choice: { type: 'none' } }).toolChoice).toBe('none');
    const named = decode({ tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true } });
    expect(named.toolChoice).toEqual({ name: 'f' });
    expect(named.parallelToolCalls).toBe(false);
    const sampled = decode({ temperature: 0.2, top_p: 0.9, stop_sequences: ['END'], thinking: { type: 'enabled', budget_tokens: 4000 } });
    expect(sampled).toMatchObject({ temperature: 0.2, topP: 0.9, stop: ['END'], reasoning: { budgetTokens: 4000 }, stream: false });
  });

  it('tolerates unknown fields and drops server tools', () => {
    const req = decodeRequest(
      {
        ...base,
        messages: [{ role: 'user', content: 'hi', extra: 1 }],
        tools: [{ type: 'bash_20250124', name: 'bash' }, { type: 'text_editor_20250124', name: 'str_replace_editor' }, { type: 'custom', name: 'g', input_schema: {} }],
        top_k: 5,
        service_tier: 'auto',
      },
      ctx(),
    );
    expect(req.tools?.map((tool) => tool.name)).toEqual(['g']);
    expect(req.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('answers bad bodies with a 400 naming the path', () => {
    expect(badRequestMessage({ ...base, messages: [{ role: 'user', content: 'a' }, { role: 'user', content: [{ type: 'bogus' }] }] })).toMatch(
      /^messages\.1\.content\.0\.type: /,
    );
    expect(badRequestMessage({ ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] })).toMatch(/^messages\.0\.content\.0\.text: /);
    expect(badRequestMessage({ model: 'm', messages: [] })).toMatch(/^max_tokens: /);
    expect(badRequestMessage({ ...base, messages: [{ role: 'robot', content: 'x' }] })).toMatch(/^messages\.0\.role: /);
    expect(badRequestMessage({ ...base, messages: [], tools: [{ name: 'f' }] })).toBe('tools.0.input_schema: a custom tool needs an input_schema object');
    expect(badRequestMessage({ ...base, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'x', name: 'f', input: {} }] }] })).toBe(
      'messages.0.content.0: tool_use blocks belong in assistant turns',
    );
    expect(badRequestMessage({ ...base, messages: 'hello' })).toMatch(/^messages: /);
  });

  it('decodes count_tokens bodies, which have no max_tokens', () => {
    const req = decodeCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(req.maxTokens).toBeUndefined();
    expect(req.messages).toHaveLength(1);
  });
});
