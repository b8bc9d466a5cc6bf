import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chatOnlyConfig, startHarness, type Harness } from '../../testing/gateway-harness.js';
import { binPath, runJsonCli, toolThenText } from './run-cli.js';

// The real Codex CLI (@openai/codex) pointed at the gateway's /v1/responses, routed to a
// provider that only speaks chat completions.
let h: Harness;
let codexHome: string;

beforeAll(async () => {
  h = await startHarness({
    config: (url) => chatOnlyConfig(url),
  });
  codexHome = mkdtempSync(join(tmpdir(), 'codex-home-'));
});
afterAll(() => h.close());

const codex = (prompt: string, cwd: string) =>
  runJsonCli(
    binPath('codex'),
    [
      'exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write',
      '-c', 'model_provider=mesh',
      '-c', 'model_providers.mesh.name="AgentMesh"',
      '-c', `model_providers.mesh.base_url="${h.v1}"`,
      '-c', 'model_providers.mesh.wire_api="responses"',
      '-c', 'model_providers.mesh.env_key="MESH_TOKEN"',
      '-c', 'model_providers.mesh.request_max_retries=0',
      '-c', 'model_providers.mesh.stream_max_retries=0',
      '-m', 'gpt-test-codex',
      prompt,
    ],
    { cwd, env: { ...process.env, CODEX_HOME: codexHome, MESH_TOKEN: h.token } },
  );

it('answers a plain Codex turn with the scripted text', async () => {
  h.upstream.reset();
  h.upstream.defaultReply = { text: 'Hello from a chat-only model', usage: { input: 321, output: 6 } };
  const run = await codex('say hello', mkdtempSync(join(tmpdir(), 'codex-work-')));
  expect(run.code, run.stderr).toBe(0);
  const message = run.events.find((event) => event.type === 'item.completed' && event.item.type === 'agent_message');
  expect(message?.item.text).toBe('Hello from a chat-only model');
  const completed = run.events.find((event) => event.type === 'turn.completed');
  expect(completed?.usage).toMatchObject({ input_tokens: 321, output_tokens: 6 });
  // Codex's Responses request reached the provider as a chat completion, Codex tools flattened.
  const upstreamRequest = h.upstream.requests.find((req) => req.protocol === 'chat')!;
  expect(upstreamRequest.body.model).toBe('small-chat-model');
  const toolNames = upstreamRequest.body.tools.map((tool: any) => tool.function.name);
  expect(toolNames).toContain('exec_command');
  expect(toolNames.some((name: string) => name.startsWith('multi_agent_v1__'))).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 80));
  const row = h.gateway.services.ledger.recent(1)[0]!;
  expect(row).toMatchObject({ inbound: 'responses', requestedModel: 'gpt-test-codex', provider: 'chatonly', status: 200, inputTokens: 321 });
  expect(row.client).toMatch(/codex/i);
});

it('runs the shell command the model asks for and finishes the turn', async () => {
  h.upstream.reset();
  h.upstream.setHandler(toolThenText('make the file', { name: 'exec_command', arguments: { cmd: 'echo made-by-codex > created.txt' } }, 'The file is there.'));
  const cwd = mkdtempSync(join(tmpdir(), 'codex-work-'));
  const run = await codex('please make the file', cwd);
  expect(run.code, run.stderr).toBe(0);
  expect(existsSync(join(cwd, 'created.txt'))).toBe(true);
  expect(readFileSync(join(cwd, 'created.txt'), 'utf8').trim()).toBe('made-by-codex');
  const command = run.events.find((event) => event.type === 'item.completed' && event.item.type === 'command_execution');
  expect(command?.item).toMatchObject({ exit_code: 0, status: 'completed' });
  expect(command?.item.command).toContain('created.txt');
  const last = run.events.filter((event) => event.type === 'item.completed' && event.item.type === 'agent_message').at(-1);
  expect(last?.item.text).toBe('The file is there.');
  // The second model call carried the command's output back as a tool message.
  const followUp = h.upstream.requests.filter((req) => req.protocol === 'chat').at(-1)!;
  expect(followUp.body.messages.some((message: any) => message.role === 'tool')).toBe(true);
});
