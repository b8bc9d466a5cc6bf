import { describe, expect, it } from 'vitest';
import type { CanonicalResponse } from '../../canonical.js';
import { parseSse } from '../../sse.js';
import type { EncodeContext } from '../types.js';
import { decodeRequest } from './decode-request.js';
import { encodeResponse } from './encode-response.js';
import { encodeStream } from './encode-stream.js';
import { collect, events, fixtureJson, iterate, newDecodeContext } from './test-support.js';

// codex-rs dispatches a call by ToolName::new(namespace, name) (core/src/tools/router.rs,
// build_tool_call). Checked against codex 0.169: `name: "close_agent", namespace:
// "multi_agent_v1"` reaches the handler; "multi_agent_v1__close_agent" or a bare
// "close_agent" is answered with "unsupported call".
describe('a call to a namespaced Codex tool', () => {
  const decode = newDecodeContext();
  const request = decodeRequest(fixtureJson('codex-turn1.request.json'), decode);
  const ctx: EncodeContext = { requestedModel: 'gpt-5.1-codex', decode, request };
  const flat = 'multi_agent_v1__spawn_agent';

  it('is offered to the provider under one flat, provider-safe name', () => {
    expect(request.tools?.find((t) => t.name === flat)?.parameters).toMatchObject({ type: 'object' });
  });

  it('comes back in a stream as name + namespace, as codex-rs parses it', async () => {
    const text = (
      await collect(
        encodeStream(
          events(
            { type: 'start', id: 'x', model: 'm' },
            { type: 'tool_call_start', index: 0, id: 'call_9', name: flat },
            { type: 'tool_call_delta', index: 0, arguments: '{"message":"hi"}' },
            { type: 'tool_call_start', index: 1, id: 'call_10', name: 'exec_command' },
            { type: 'tool_call_delta', index: 1, arguments: '{"cmd":"ls"}' },
            { type: 'finish', stopReason: 'tool_calls' },
          ),
          ctx,
        ),
      )
    ).join('');
    const done = (await collect(parseSse(iterate([text]))))
      .map((e) => JSON.parse(e.data))
      .filter((d) => d.type === 'response.output_item.done' || d.type === 'response.output_item.added');
    expect(done.map((d) => [d.item.name, d.item.namespace])).toEqual([
      ['spawn_agent', 'multi_agent_v1'],
      ['spawn_agent', 'multi_agent_v1'],
      ['exec_command', undefined],
      ['exec_command', undefined],
    ]);
    expect(done[1].item).toMatchObject({ type: 'function_call', call_id: 'call_9', arguments: '{"message":"hi"}' });
  });

  it('comes back in a non-streamed response the same way', () => {
    const res: CanonicalResponse = {
      id: 'x',
      model: 'm',
      content: [{ type: 'tool_call', id: 'call_9', name: flat, arguments: '{}' }],
      stopReason: 'tool_calls',
      usage: { inputTokens: 1, outputTokens: 1 },
    };
    const body = encodeResponse(res, ctx) as { output: Array<Record<string, unknown>> };
    expect(body.output[0]).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1', call_id: 'call_9' });
  });

  it('maps Codex echoing that call back next turn to the same flat name', () => {
    const next = decodeRequest(fixtureJson('codex-turn2.request.json'), newDecodeContext());
    const calls = next.messages.flatMap((m) => m.content).filter((p) => p.type === 'tool_call');
    expect(calls.map((c) => c.name)).toContain(flat);
    expect(next.tools?.map((t) => t.name)).toContain(flat);
  });
});
