import { describe, expect, it } from 'vitest';
import type { CanonicalMessage, CanonicalRequest } from '../../canonical.js';
import { defaultMaxTokens, encodeRequest } from './encode-request.js';

const request = (messages: CanonicalMessage[], extra: Partial<CanonicalRequest> = {}): CanonicalRequest => ({ model: 'client-model', messages, stream: false, ...extra });

type Body = { messages: { role: string; content: Record<string, unknown>[] }[] } & Record<string, unknown>;
const encode = (req: CanonicalRequest) => encodeRequest(req, 'claude-sonnet-4-5') as Body;
// cache_control placement has its own test; the shape tests ignore it.
const withoutCache = (body: Body) => body.messages.map((m) => ({ role: m.role, content: m.content.map(({ cache_control: _, ...block }) => block) }));

describe('messages encodeRequest', () => {
  it('merges tool and user runs into one user turn with tool_result blocks first', () => {
    const body = encode(
      request([
        { role: 'user', content: [{ type: 'text', text: 'list and read' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'ok' },
            { type: 'tool_call', id: 'call_1', name: 'Bash', arguments: '{"command":"ls"}' },
            { type: 'tool_call', id: 'functions.Read:1', name: 'Read', arguments: '{"file_path":' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool_result', callId: 'call_1', content: 'a.txt' }] },
        { role: 'user', content: [{ type: 'text', text: 'also this' }] },
        { role: 'tool', content: [{ type: 'tool_result', callId: 'functions.Read:1', content: 'bad input', isError: true }] },
      ]),
    );
    const readId = (body.messages[1]?.content[2] as { id: string }).id;
    expect(readId).toMatch(/^functions_Read_1_[0-9a-f]{8}$/);
    expect(withoutCache(body)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'list and read' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'ok' },
          { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
          // Arguments that are not JSON still make a well-formed block.
          { type: 'tool_use', id: readId, name: 'Read', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'a.txt' },
          { type: 'tool_result', tool_use_id: readId, content: 'bad input', is_error: true },
          { type: 'text', text: 'also this' },
        ],
      },
    ]);
  });

  it('keeps signed thinking, turns encrypted-only reasoning into redacted thinking and drops unsigned reasoning', () => {
    const body = encode(
      request([
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'signed', signature: 'sig' },
            { type: 'reasoning', text: '', encrypted: 'blob' },
            { type: 'reasoning', text: 'from a chat provider' },
            { type: 'text', text: 'a' },
          ],
        },
        // Only unsigned reasoning: nothing Anthropic would accept, so the turn goes.
        { role: 'assistant', content: [{ type: 'reasoning', text: 'unsigned' }] },
      ]),
    );
    expect(withoutCache(body)[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'thinking', thinking: 'signed', signature: 'sig' }, { type: 'redacted_thinking', data: 'blob' }, { type: 'text', text: 'a' }],
    });
    expect(body.messages).toHaveLength(2);
  });

  it('fills in what Anthropic requires and maps the options', () => {
    const body = encode(
      request([{ role: 'user', content: [{ type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' }, { type: 'text', text: '' }, { type: 'text', text: 'what is this?' }] }], {
        system: 'be brief',
        tools: [{ name: 'lookup', description: 'find things', parameters: {} }],
        toolChoice: 'required',
        parallelToolCalls: false,
        temperature: 0.3,
        topP: 0.8,
        stop: ['STOP'],
        user: 'u-1',
        stream: true,
      }),
    );
    expect(body).toMatchObject({
      model: 'claude-sonnet-4-5',
      max_tokens: defaultMaxTokens,
      system: [{ type: 'text', text: 'be brief' }],
      tools: [{ name: 'lookup', description: 'find things', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      temperature: 0.3,
      top_p: 0.8,
      stop_sequences: ['STOP'],
      metadata: { user_id: 'u-1' },
      stream: true,
    });
    expect(withoutCache(body)[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
      { type: 'text', text: 'what is this?' },
    ]);
    expect(body.thinking).toBeUndefined();
  });

  it('maps every tool choice', () => {
    const tools = [{ name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } }];
    const choice = (extra: Partial<CanonicalRequest>) => encode(request([], { tools, ...extra })).tool_choice;
    expect(choice({})).toBeUndefined();
    expect(choice({ toolChoice: 'auto' })).toEqual({ type: 'auto' });
    expect(choice({ toolChoice: 'none' })).toEqual({ type: 'none' });
    expect(choice({ toolChoice: { name: 'f' } })).toEqual({ type: 'tool', name: 'f' });
    expect(choice({ parallelToolCalls: false })).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    // No tools, no tool_choice: Anthropic refuses one without the other.
    expect(encode(request([], { toolChoice: 'auto' })).tool_choice).toBeUndefined();
  });

  it('places cache breakpoints on the system prompt, the last tool and the newest block', () => {
    const body = encode(
      request(
        [
          { role: 'user', content: [{ type: 'text', text: 'one' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'two' }] },
          { role: 'user', content: [{ type: 'text', text: 'three' }, { type: 'text', text: 'four' }] },
        ],
        { system: 's', tools: [{ name: 'a', parameters: {} }, { name: 'b', parameters: {} }] },
      ),
    );
    const marked = JSON.stringify(body).match(/cache_control/g) ?? [];
    expect(marked).toHaveLength(3);
    expect((body.system as Record<string, unknown>[])[0]?.cache_control).toEqual({ type: 'ephemeral' });
    expect((body.tools as Record<string, unknown>[])[1]?.cache_control).toEqual({ type: 'ephemeral' });
    expect(body.messages[2]?.content[1]?.cache_control).toEqual({ type: 'ephemeral' });
  });

  it('turns a thinking budget into thinking within max_tokens', () => {
    const q: CanonicalMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'q' }] }];
    const open = encode(request(q, { reasoning: { budgetTokens: 10_000 }, temperature: 0.2 }));
    expect(open.thinking).toEqual({ type: 'enabled', budget_tokens: 10_000 });
    expect(open.max_tokens).toBe(10_000 + defaultMaxTokens);
    expect(open.temperature).toBeUndefined();

    const capped = encode(request(q, { reasoning: { budgetTokens: 10_000 }, maxTokens: 4000 }));
    expect(capped).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 3999 }, max_tokens: 4000 });
    expect(encode(request(q, { reasoning: { budgetTokens: 10_000 }, maxTokens: 500 })).thinking).toBeUndefined();
    // Forced tool use and thinking are exclusive at Anthropic.
    expect(encode(request(q, { reasoning: { budgetTokens: 2000 }, tools: [{ name: 'f', parameters: {} }], toolChoice: 'required' })).thinking).toBeUndefined();
    // An effort alone does not switch thinking on (see decode-request.ts).
    expect(encode(request(q, { reasoning: { effort: 'high' } })).thinking).toBeUndefined();
  });

  it('leaves thinking off mid tool loop when the calling turn has no signed thinking', () => {
    const loop: CanonicalMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'unsigned' }, { type: 'tool_call', id: 'c', name: 'f', arguments: '{}' }] },
      { role: 'tool', content: [{ type: 'tool_result', callId: 'c', content: 'r' }] },
    ];
    expect(encode(request(loop, { reasoning: { budgetTokens: 2000 } })).thinking).toBeUndefined();
    const signed = loop.map((m, i) => (i === 1 ? { ...m, content: [{ type: 'reasoning' as const, text: 't', signature: 's' }, ...m.content.slice(1)] } : m));
    expect(encode(request(signed, { reasoning: { budgetTokens: 2000 } })).thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
  });

  it('sends PDFs as document blocks', () => {
    const body = encode(request([{ role: 'user', content: [{ type: 'image', data: 'JVBERi0=', mediaType: 'application/pdf' }, { type: 'image', url: 'https://x/y.pdf', mediaType: 'application/pdf' }] }]));
    expect(withoutCache(body)[0]?.content).toEqual([
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
      { type: 'document', source: { type: 'url', url: 'https://x/y.pdf' } },
    ]);
  });
});
