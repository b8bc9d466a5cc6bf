import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamEvent } from '../../canonical.js';
import { decodeRequest } from './decode-request.js';
import { encodeStream } from './encode-stream.js';
import { events, newDecodeContext, serve } from './test-support.js';

// The real Codex CLI against our decoder and encoder: the gateway's half of a Codex turn
// routed to a chat-only model, with the model's side scripted as canonical events.
const codexBin = fileURLToPath(new URL('../../../../../node_modules/.bin/codex', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'agentmesh-codex-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function runCodex(baseURL: string, prompt: string): Promise<string> {
  const provider = `{name="mesh",base_url="${baseURL}",wire_api="responses",env_key="MESH_TOKEN",request_max_retries=0,stream_max_retries=0}`;
  const args = ['exec', '--json', '--skip-git-repo-check', '-c', 'model_provider=mesh', '-c', `model_providers.mesh=${provider}`, '-m', 'mesh-model', prompt];
  return new Promise((resolve, reject) => {
    const child = execFile(codexBin, args, { cwd: home, env: { ...process.env, CODEX_HOME: home, MESH_TOKEN: 'test-token' }, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end();
  });
}

describe.skipIf(!existsSync(codexBin))('Codex CLI 0.169 through the responses protocol', () => {
  it('dispatches a call to a namespaced tool and completes the turn', async () => {
    const seen: CanonicalRequest[] = [];
    const server = await serve((body) => {
      const decode = newDecodeContext();
      const request = decodeRequest(body, decode);
      seen.push(request);
      const script: StreamEvent[] =
        seen.length === 1
          ? [
              { type: 'start', id: 'chat-1', model: 'upstream' },
              { type: 'reasoning_delta', text: 'Closing the stale agent.' },
              { type: 'tool_call_start', index: 0, id: 'call_close_1', name: 'multi_agent_v1__close_agent' },
              { type: 'tool_call_delta', index: 0, arguments: '{"target":"not-an-agent"}' },
              { type: 'finish', stopReason: 'tool_calls', usage: { inputTokens: 900, outputTokens: 20, cachedTokens: 300 } },
            ]
          : [
              { type: 'start', id: 'chat-2', model: 'upstream' },
              { type: 'text_delta', text: 'All ' },
              { type: 'text_delta', text: 'done.' },
              { type: 'finish', stopReason: 'end', usage: { inputTokens: 1000, outputTokens: 5, reasoningTokens: 2 } },
            ];
      return { contentType: 'text/event-stream', body: encodeStream(events(...script), { requestedModel: request.model, decode, request }) };
    });
    try {
      const stdout = await runCodex(server.baseURL, 'close the stale agent');
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

      expect(seen).toHaveLength(2);
      expect(seen[0]?.tools?.map((t) => t.name)).toContain('multi_agent_v1__close_agent');
      const second = seen[1]!;
      const call = second.messages.flatMap((m) => m.content).find((p) => p.type === 'tool_call');
      expect(call).toMatchObject({ id: 'call_close_1', name: 'multi_agent_v1__close_agent' });
      const result = second.messages.flatMap((m) => m.content).find((p) => p.type === 'tool_result');
      expect(result).toMatchObject({ callId: 'call_close_1' });
      // The close_agent handler ran (and rejected the bogus id) instead of Codex refusing the call.
      expect(result?.type === 'tool_result' && result.content).not.toMatch(/unsupported call/);

      expect(lines.find((l) => l.type === 'item.completed' && l.item.type === 'agent_message')?.item.text).toBe('All done.');
      expect(lines.find((l) => l.type === 'item.completed' && l.item.type === 'reasoning')?.item.text).toBe('Closing the stale agent.');
      expect(lines.find((l) => l.type === 'turn.completed')?.usage).toMatchObject({
        input_tokens: 1900,
        cached_input_tokens: 300,
        output_tokens: 25,
        reasoning_output_tokens: 2,
      });
    } finally {
      await server.close();
    }
  });
});
