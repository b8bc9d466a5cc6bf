import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../http/http-error.js';
import { decodeRequest } from './decode-request.js';
import { fixtureJson, newDecodeContext } from './test-support.js';

describe('decodeRequest: a first Codex 0.169 turn', () => {
  const ctx = newDecodeContext();
  const req = decodeRequest(fixtureJson('codex-turn1.request.json'), ctx);

  it('joins both developer messages (and their parts) into system, in order', () => {
    expect(req.system).toBe(
      'You are a coding agent running in the Codex CLI, a terminal-based coding assistant. (system prompt shortened for the fixture)\n\n' +
        '<skills_instructions>\n## Skills\n(shortened)\n</skills_instructions>\n\n' +
        '<permissions instructions>\nFilesystem sandboxing defines which files can be read or written. (shortened)\n</permissions instructions>',
    );
  });

  it('keeps the environment context and the prompt as user messages', () => {
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'user']);
    expect(req.messages[0]?.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('<environment_context>') });
    expect(req.messages[1]?.content).toEqual([{ type: 'text', text: 'List the files in this directory.' }]);
  });

  it('flattens the namespace tool, drops web_search, keeps function tools', () => {
    expect(req.tools?.map((t) => t.name)).toEqual([
      'exec_command',
      'write_stdin',
      'view_image',
      'multi_agent_v1__close_agent',
      'multi_agent_v1__spawn_agent',
      'multi_agent_v1__wait_agent',
    ]);
    for (const tool of req.tools ?? []) expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    const exec = req.tools?.find((t) => t.name === 'exec_command');
    expect(exec?.parameters).toMatchObject({ type: 'object', required: ['cmd'] });
    expect(exec?.description).toMatch(/^Runs a command in a PTY/);
  });

  it('records how Codex knows each flattened tool', () => {
    expect(ctx.toolNames.get('multi_agent_v1__spawn_agent')).toEqual({ namespace: 'multi_agent_v1', name: 'spawn_agent' });
    expect(ctx.toolNames.has('exec_command')).toBe(false);
  });

  it('maps the sampling fields and ignores store/include/prompt_cache_key/client_metadata', () => {
    expect(req).toMatchObject({ model: 'gpt-5.1-codex', stream: true, toolChoice: 'auto', parallelToolCalls: true });
    expect(req.reasoning).toBeUndefined(); // {summary:"auto"} carries no effort
    expect(Object.keys(req).sort()).toEqual(['messages', 'model', 'parallelToolCalls', 'stream', 'system', 'toolChoice', 'tools']);
  });
});

describe('decodeRequest: the next Codex turn with calls and outputs', () => {
  const ctx = newDecodeContext();
  const req = decodeRequest(fixtureJson('codex-turn2.request.json'), ctx);
  const [, , assistant, tools, images, nextUser] = req.messages;

  it('groups reasoning, text and calls into one assistant message', () => {
    expect(assistant?.role).toBe('assistant');
    expect(assistant?.content).toEqual([
      { type: 'reasoning', text: "**Listing files**\n\nI'll run ls.", encrypted: 'gAAAAABpZ0xqEncryptedBlob==' },
      { type: 'text', text: 'Listing the directory.' },
      { type: 'tool_call', id: 'call_exec_1', name: 'exec_command', arguments: '{"cmd":"ls -la","workdir":"/home/dev/project"}' },
      { type: 'tool_call', id: 'call_spawn_1', name: 'multi_agent_v1__spawn_agent', arguments: '{"message":"review README"}' },
    ]);
  });

  it('turns function_call_output items into tool results, skipping the web_search_call', () => {
    expect(tools?.role).toBe('tool');
    expect(tools?.content.map((p) => (p.type === 'tool_result' ? p.callId : p.type))).toEqual(['call_exec_1', 'call_spawn_1']);
    expect(tools?.content[0]).toMatchObject({ content: expect.stringContaining('README.md\npackage.json') });
  });

  it('moves an image a tool returned into a user message after the tool results', () => {
    // view_image: call (assistant), output (tool), then the image itself (user).
    expect(images?.role).toBe('assistant');
    expect(images?.content).toEqual([{ type: 'tool_call', id: 'call_img_1', name: 'view_image', arguments: '{"path":"logo.png"}' }]);
    expect(nextUser?.role).toBe('tool');
    expect(nextUser?.content).toEqual([{ type: 'tool_result', callId: 'call_img_1', content: '(image attached below)' }]);
    expect(req.messages[6]).toEqual({ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] });
    expect(req.messages[7]).toEqual({ role: 'user', content: [{ type: 'text', text: 'Thanks. Now summarise README.md.' }] });
    expect(req.messages).toHaveLength(8);
  });
});

describe('decodeRequest: other shapes', () => {
  it('accepts a string input and instructions', () => {
    const req = decodeRequest({ model: 'm', input: 'hi', instructions: 'be brief', max_output_tokens: 50, temperature: 0.2, top_p: 0.9, reasoning: { effort: 'high' } }, newDecodeContext());
    expect(req).toEqual({
      model: 'm',
      system: 'be brief',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: false,
      maxTokens: 50,
      temperature: 0.2,
      topP: 0.9,
      reasoning: { effort: 'high' },
    });
  });

  it('accepts easy input messages without a type, with string content', () => {
    const req = decodeRequest({ model: 'm', input: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }, newDecodeContext());
    expect(req.system).toBe('sys');
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
    ]);
  });

  it('maps a forced namespaced tool_choice to the flattened name', () => {
    const ctx = newDecodeContext();
    const req = decodeRequest(
      {
        model: 'm',
        input: 'go',
        tools: [{ type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'do.it', parameters: { type: 'object' } }] }],
        tool_choice: { type: 'function', name: 'do.it', namespace: 'ns' },
      },
      ctx,
    );
    expect(req.toolChoice).toEqual({ name: 'ns__do_it' });
    expect(ctx.toolNames.get('ns__do_it')).toEqual({ namespace: 'ns', name: 'do.it' });
  });

  it('keeps names unique and within 64 characters', () => {
    const ctx = newDecodeContext();
    const long = 'x'.repeat(80);
    const req = decodeRequest(
      {
        model: 'm',
        input: 'go',
        tools: [
          { type: 'function', name: 'ns__a' },
          { type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'a' }, { type: 'function', name: long }] },
        ],
      },
      ctx,
    );
    const names = req.tools?.map((t) => t.name) ?? [];
    expect(names[0]).toBe('ns__a');
    expect(names[1]).toBe('ns__a_2');
    expect(names[2]).toMatch(/^ns__x+_[0-9a-f]{8}$/);
    expect(names[2]).toHaveLength(64);
    expect(ctx.toolNames.get(names[2]!)).toEqual({ namespace: 'ns', name: long });
  });

  it.each([
    [{ input: 'x' }, 'model'],
    [{ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
    [{ model: 'm', input: [{ type: 'message', role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, 'input[0].content[0].type'],
    [{ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f', parameters: 'nope' }] }, 'tools[0].parameters'],
    [{ model: 'm', input: 'x', max_output_tokens: -1 }, 'max_output_tokens'],
    [{ model: 'm' }, 'input'],
  ])('answers bad input %j with a 400 naming %s', (body, path) => {
    let error: unknown;
    try {
      decodeRequest(body, newDecodeContext());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toContain(path);
  });

  it('refuses previous_response_id rather than silently losing the context', () => {
    expect(() => decodeRequest({ model: 'm', input: 'x', previous_response_id: 'resp_1' }, newDecodeContext())).toThrow(/previous_response_id/);
  });

  it('reads an Anthropic signature carried in encrypted_content back as a signature', () => {
    const req = decodeRequest(
      { model: 'm', input: [{ type: 'reasoning', summary: [{ type: 'summary_text', text: 't' }], encrypted_content: 'agentmesh.signature.v1:SIG' }, { role: 'user', content: 'q' }] },
      newDecodeContext(),
    );
    expect(req.messages[0]?.content).toEqual([{ type: 'reasoning', text: 't', signature: 'SIG' }]);
  });
});
