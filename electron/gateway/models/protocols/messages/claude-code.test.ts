import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical.js';
import { startHarness, type Harness } from './sdk-harness.js';

// The real Claude Code CLI against this codec, as when the gateway routes it to a chat
// provider: the first answer calls Bash with a chat-style tool id, the second one ends.
const claude = fileURLToPath(new URL('../../../../../node_modules/.bin/claude', import.meta.url));

const callTool: StreamEvent[] = [
  { type: 'start', id: 'chatcmpl-e2e', model: 'gpt-x' },
  { type: 'reasoning_delta', text: 'I will run echo.' },
  { type: 'text_delta', text: 'Running the check.' },
  { type: 'tool_call_start', index: 0, id: 'functions.Bash:0', name: 'Bash' },
  { type: 'tool_call_delta', index: 0, arguments: '{"command":"echo mesh-' },
  { type: 'tool_call_delta', index: 0, arguments: 'ok","description":"Print a marker"}' },
  // Chat providers often say `stop` after tool calls; Claude Code must still run the tool.
  { type: 'finish', stopReason: 'end', usage: { inputTokens: 900, outputTokens: 40, cachedTokens: 300 } },
];
const finish: StreamEvent[] = [
  { type: 'start', id: 'chatcmpl-e2e-2', model: 'gpt-x' },
  { type: 'text_delta', text: 'All done.' },
  { type: 'finish', stopReason: 'end', usage: { inputTokens: 1000, outputTokens: 5 } },
];

function run(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(claude, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(!existsSync(claude))('Claude Code through the messages codec', () => {
  const home = mkdtempSync(join(tmpdir(), 'mesh-claude-home-'));
  const work = mkdtempSync(join(tmpdir(), 'mesh-claude-work-'));
  let harness: Harness | undefined;
  afterAll(async () => {
    await harness?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('runs a tool call from a chat-style stream and sends the result back', async () => {
    harness = await startHarness((body) => ({ events: JSON.stringify(body.messages).includes('"tool_result"') ? finish : callTool }));
    const { code, stdout, stderr } = await run(
      ['-p', 'Run the check', '--output-format', 'stream-json', '--verbose', '--model', 'mesh-test-model', '--permission-mode', 'acceptEdits', '--allowedTools', 'Bash(echo:*)'],
      {
        HOME: home,
        ANTHROPIC_BASE_URL: harness.baseURL,
        ANTHROPIC_API_KEY: 'sk-mesh-test',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      },
      work,
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);

    const toolUse = lines.flatMap((line) => (line.type === 'assistant' ? line.message.content : [])).find((block: any) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'Bash', input: { command: 'echo mesh-ok' } });
    expect(toolUse.id).toMatch(/^functions_Bash_0_[0-9a-f]{8}$/);

    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', is_error: false, result: 'All done.', num_turns: 2 });
    // Input totals arrive in message_delta; Claude Code adds both calls up.
    expect(result.usage.input_tokens).toBe(600 + 1000);
    expect(result.usage.cache_read_input_tokens).toBe(300);

    // The second request carries the assistant turn back and the tool's output.
    const second = harness.requests.find((req) => req.messages.some((m) => m.role === 'tool'))!;
    const assistant = second.messages.find((m) => m.role === 'assistant')!;
    expect(assistant.content).toEqual([
      { type: 'reasoning', text: 'I will run echo.' },
      { type: 'text', text: 'Running the check.' },
      { type: 'tool_call', id: toolUse.id, name: 'Bash', arguments: '{"command":"echo mesh-ok","description":"Print a marker"}' },
    ]);
    const tool = second.messages.find((m) => m.role === 'tool')!;
    expect(tool.content).toEqual([{ type: 'tool_result', callId: toolUse.id, content: 'mesh-ok' }]);
    expect(second.tools?.some((t) => t.name === 'Bash')).toBe(true);
    expect(second.system).not.toContain('x-anthropic-billing-header');
  });
});
