import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../../../shared/schemas/agent.js';
import { replay } from './fixture-replay.js';
import { gemini } from './gemini.js';

// Fixtures: stdout of the real Gemini CLI 0.61.0 (`npm pack @google/gemini-cli`, run with this
// adapter's spawn plan) against a throwaway fake of the Gemini API (GOOGLE_GEMINI_BASE_URL,
// streamGenerateContent answering "Hello from AgentMesh", or a run_shell_command call then
// "The file is there."). Event format: google-gemini/gemini-cli packages/core/src/output/types.ts
// (JsonStreamEventType) and geminicli.com/docs/cli/headless.

const agent = (fields: Record<string, unknown> = {}) => agentConfigSchema.parse({ id: 'gemini', adapter: 'gemini', ...fields });
const ctx = { binary: '/usr/bin/gemini', cwd: '/repo' };
const task = { id: 't1', prompt: 'fix it' };

describe('gemini spawn plan', () => {
  it('prints stream-json, auto-approves by default, trusts the task folder and reads the prompt on stdin', () => {
    expect(gemini.buildSpawnPlan(task, agent({ model: 'gemini-2.5-pro' }), ctx)).toEqual({
      command: '/usr/bin/gemini',
      args: ['--output-format', 'stream-json', '--model', 'gemini-2.5-pro', '--approval-mode', 'yolo'],
      env: { PWD: '/repo', AGENTMESH_TASK_ID: 't1', GEMINI_CLI_TRUST_WORKSPACE: 'true' },
      stdin: 'fix it',
      cwd: '/repo',
    });
  });

  it('asks (and so, headless, declines) when auto-approval is off', () => {
    expect(gemini.buildSpawnPlan(task, agent({ autoApprove: false }), ctx).args).toEqual(['--output-format', 'stream-json', '--approval-mode', 'default']);
  });
});

describe('gemini parser', () => {
  it('reads a plain answer; the echoed user prompt is not an event', () => {
    expect(replay(gemini, 'gemini-plain.jsonl')).toEqual([
      { kind: 'message', text: 'Hello from AgentMesh', delta: true },
      { kind: 'usage', inputTokens: 300, outputTokens: 4, cachedTokens: 100, model: 'gemini-2.5-flash' },
      { kind: 'result', text: 'Hello from AgentMesh', isError: false, sessionId: '383b1995-b691-49ae-95d2-e2b2c476be7b' },
    ]);
  });

  it('reads run_shell_command as a tool and a command', () => {
    const id = 'run_shell_command__run_shell_command_1795378951779_0';
    const command = 'echo made-by-gemini > created.txt';
    expect(replay(gemini, 'gemini-shell.jsonl')).toEqual([
      { kind: 'tool', name: 'run_shell_command', id, status: 'started', input: { command } },
      { kind: 'command', command, status: 'started' },
      { kind: 'tool', name: 'run_shell_command', id, status: 'completed', output: '', isError: false },
      { kind: 'command', command, status: 'completed', output: '' },
      { kind: 'message', text: 'The file is there.', delta: true },
      { kind: 'usage', inputTokens: 700, outputTokens: 24, cachedTokens: 100, model: 'gemini-2.5-flash' },
      { kind: 'result', text: 'The file is there.', isError: false, sessionId: '7a9df07e-e690-4f10-b9bd-a4dcc41e8b2c' },
    ]);
  });

  it('keeps only the text after the last tool call as the answer; warnings are logs, errors errors', () => {
    const parser = gemini.createParser();
    const lines = [
      { type: 'message', role: 'assistant', content: 'Let me check. ', delta: true },
      { type: 'tool_use', tool_name: 'read_file', tool_id: 'r1', parameters: { path: 'a.ts' } },
      { type: 'tool_result', tool_id: 'r1', status: 'error', error: { type: 'FILE_NOT_FOUND', message: 'no such file' } },
      { type: 'error', severity: 'warning', message: 'Loop detected' },
      { type: 'message', role: 'assistant', content: 'It is ', delta: true },
      { type: 'message', role: 'assistant', content: 'gone.', delta: true },
      { type: 'error', severity: 'error', message: 'Quota exceeded' },
      { type: 'result', status: 'error', stats: { input_tokens: 10, output_tokens: 2, cached: 0 } },
    ];
    expect(lines.flatMap((line) => parser.line(JSON.stringify(line)))).toEqual([
      { kind: 'message', text: 'Let me check. ', delta: true },
      { kind: 'tool', name: 'read_file', id: 'r1', status: 'started', input: { path: 'a.ts' } },
      { kind: 'tool', name: 'read_file', id: 'r1', status: 'completed', output: 'no such file', isError: true },
      { kind: 'log', stream: 'stdout', text: 'warning: Loop detected' },
      { kind: 'message', text: 'It is ', delta: true },
      { kind: 'message', text: 'gone.', delta: true },
      { kind: 'error', message: 'Quota exceeded' },
      { kind: 'usage', inputTokens: 10, outputTokens: 2, cachedTokens: 0 },
      { kind: 'result', text: 'It is gone.', isError: true },
    ]);
  });

  it('ends a run that died before its result (auth, input errors go to stderr)', () => {
    const parser = gemini.createParser();
    parser.line(JSON.stringify({ type: 'init', session_id: 's1', model: 'm' }));
    expect(parser.end(41)).toEqual([{ kind: 'result', text: '', isError: true, sessionId: 's1' }]);
  });
});
