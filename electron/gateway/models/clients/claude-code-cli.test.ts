import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chatOnlyConfig, startHarness, type Harness } from '../../testing/gateway-harness.js';
import { binPath, runJsonCli, toolThenText } from './run-cli.js';

// The real Claude Code CLI pointed at the gateway's /v1/messages, routed to an OpenAI-chat provider.
let h: Harness;
let home: string;

beforeAll(async () => {
  h = await startHarness({
    config: (url) => chatOnlyConfig(url),
  });
  home = mkdtempSync(join(tmpdir(), 'claude-home-'));
});
afterAll(() => h.close());

const claude = (prompt: string, cwd: string, extra: string[] = []) =>
  runJsonCli(binPath('claude'), ['-p', prompt, '--output-format', 'stream-json', '--verbose', '--model', 'claude-via-mesh', ...extra], {
    cwd,
    env: {
      ...process.env,
      HOME: home,
      ANTHROPIC_BASE_URL: h.url,
      ANTHROPIC_AUTH_TOKEN: h.token,
      ANTHROPIC_API_KEY: '',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    },
  });

it('answers a plain Claude Code turn with the scripted text', async () => {
  h.upstream.reset();
  h.upstream.defaultReply = { text: 'Hello from a chat-only model', usage: { input: 456, output: 6 } };
  const run = await claude('say hello', mkdtempSync(join(tmpdir(), 'claude-work-')));
  expect(run.code, run.stderr).toBe(0);
  const result = run.events.find((event) => event.type === 'result');
  expect(result).toMatchObject({ subtype: 'success', is_error: false, result: 'Hello from a chat-only model' });
  const upstreamRequest = h.upstream.requests.find((req) => req.protocol === 'chat')!;
  expect(upstreamRequest.body.model).toBe('small-chat-model');
  expect(upstreamRequest.body.tools.map((tool: any) => tool.function.name)).toContain('Bash');
  await new Promise((resolve) => setTimeout(resolve, 80));
  const row = h.gateway.services.ledger.recent(1)[0]!;
  expect(row).toMatchObject({ inbound: 'messages', requestedModel: 'claude-via-mesh', provider: 'chatonly', status: 200, inputTokens: 456, outputTokens: 6 });
  expect(row.client).toMatch(/claude/i);
});

it('runs the Bash command the model asks for and finishes the turn', async () => {
  h.upstream.reset();
  h.upstream.setHandler(toolThenText('make the file', { name: 'Bash', arguments: { command: 'echo made-by-claude > created.txt' } }, 'The file is there.'));
  const cwd = mkdtempSync(join(tmpdir(), 'claude-work-'));
  const run = await claude('please make the file', cwd, ['--permission-mode', 'acceptEdits', '--allowedTools', 'Bash(echo:*)']);
  expect(run.code, run.stderr).toBe(0);
  expect(existsSync(join(cwd, 'created.txt'))).toBe(true);
  expect(readFileSync(join(cwd, 'created.txt'), 'utf8').trim()).toBe('made-by-claude');
  const toolUse = run.events.find((event) => event.type === 'assistant' && event.message.content.some((block: any) => block.type === 'tool_use'));
  expect(toolUse?.message.content.find((block: any) => block.type === 'tool_use')).toMatchObject({ name: 'Bash', input: { command: 'echo made-by-claude > created.txt' } });
  const toolResult = run.events.find((event) => event.type === 'user' && event.message.content.some((block: any) => block.type === 'tool_result'));
  expect(toolResult?.message.content[0].is_error).toBe(false);
  expect(run.events.find((event) => event.type === 'result')).toMatchObject({ is_error: false, result: 'The file is there.', num_turns: 2 });
});
