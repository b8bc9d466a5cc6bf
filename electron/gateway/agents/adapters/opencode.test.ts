import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../../../shared/schemas/agent.js';
import { replay } from './fixture-replay.js';
import { opencode } from './opencode.js';

// Fixtures: stdout of the real opencode 1.18.33 binary (`npm pack opencode-linux-x64`) run
// with this adapter's spawn plan, routed through the gateway harness by its
// OPENCODE_CONFIG_CONTENT provider (same scripted replies as the Claude Code fixtures; the
// shell call is opencode's `bash` tool). Event format: the `run` command of sst/opencode
// (`--format json`: step_start, text, reasoning, tool_use, step_finish, error) and opencode.ai/docs/cli/commands.

const agent = (fields: Record<string, unknown> = {}) => agentConfigSchema.parse({ id: 'oc', adapter: 'opencode', ...fields });
const ctx = { binary: '/usr/bin/opencode', cwd: '/repo' };
const task = { id: 't1', prompt: 'fix it' };

describe('opencode spawn plan', () => {
  it('runs `run --format json` with thinking, auto-approval and the prompt on stdin', () => {
    expect(opencode.buildSpawnPlan(task, agent({ model: 'anthropic/claude-sonnet-4' }), ctx)).toEqual({
      command: '/usr/bin/opencode',
      args: ['run', '--format', 'json', '--thinking', '--model', 'anthropic/claude-sonnet-4', '--auto'],
      env: { PWD: '/repo', AGENTMESH_TASK_ID: 't1' },
      stdin: 'fix it',
      cwd: '/repo',
    });
    expect(opencode.buildSpawnPlan(task, agent({ autoApprove: false }), ctx).args).toEqual(['run', '--format', 'json', '--thinking']);
  });

  it('routes through the gateway as an inline provider that names the token variable', () => {
    const plan = opencode.buildSpawnPlan({ ...task, model: 'mesh-model' }, agent(), { ...ctx, gateway: { url: 'http://127.0.0.1:4000', token: 'secret-tok-123' } });
    expect(plan.args).toEqual(['run', '--format', 'json', '--thinking', '--model', 'agentmesh/mesh-model', '--auto']);
    expect(plan.env.AGENTMESH_TOKEN).toBe('secret-tok-123');
    expect(JSON.parse(plan.env.OPENCODE_CONFIG_CONTENT!)).toEqual({
      provider: {
        agentmesh: {
          npm: '@ai-sdk/openai-compatible',
          name: 'AgentMesh',
          options: { baseURL: 'http://127.0.0.1:4000/v1', apiKey: '{env:AGENTMESH_TOKEN}', headers: { 'x-agentmesh-task-id': '{env:AGENTMESH_TASK_ID}' } },
          models: { 'mesh-model': { name: 'mesh-model' } },
        },
      },
    });
    expect(plan.env.OPENCODE_CONFIG_CONTENT).not.toContain('secret-tok-123');
  });

  it('cannot route without a model name: it leaves opencode on its own default', () => {
    const plan = opencode.buildSpawnPlan(task, agent(), { ...ctx, gateway: { url: 'http://127.0.0.1:4000', token: 'tok' } });
    expect(plan.env).toEqual({ PWD: '/repo', AGENTMESH_TASK_ID: 't1' });
  });
});

describe('opencode parser', () => {
  it('reads a plain answer; cache reads count as input', () => {
    expect(replay(opencode, 'opencode-plain.jsonl')).toEqual([
      { kind: 'message', text: 'Hello from AgentMesh' },
      { kind: 'usage', inputTokens: 300, outputTokens: 4, cachedTokens: 100, costUsd: 0 },
      { kind: 'result', text: 'Hello from AgentMesh', isError: false, sessionId: 'ses_dfb0de26cffe6hoGX4epxHVigH' },
    ]);
  });

  it('reads a bash call as a tool and a command, with one usage event per step', () => {
    const command = 'echo made-by-opencode > created.txt';
    expect(replay(opencode, 'opencode-bash.jsonl')).toEqual([
      { kind: 'tool', name: 'bash', id: 'call_7b8f3c5c14', status: 'started', input: { command, description: 'Run it' } },
      { kind: 'command', command, status: 'started' },
      { kind: 'tool', name: 'bash', id: 'call_7b8f3c5c14', status: 'completed', output: '(no output)', isError: false },
      { kind: 'command', command, status: 'completed', exitCode: 0, output: '(no output)' },
      { kind: 'usage', inputTokens: 400, outputTokens: 20, cachedTokens: 0, costUsd: 0 },
      { kind: 'message', text: 'The file is there.' },
      { kind: 'usage', inputTokens: 500, outputTokens: 5, cachedTokens: 0, costUsd: 0 },
      { kind: 'result', text: 'The file is there.', isError: false, sessionId: 'ses_dfb0dd3a7ffecgRHl9nil52Rof' },
    ]);
  });

  it('takes the exit code of a failed command from the tool metadata', () => {
    expect(replay(opencode, 'opencode-bash-fail.jsonl').filter((event) => event.kind === 'command' && event.status === 'completed')).toEqual([
      { kind: 'command', command: 'ls no-such-file', status: 'completed', exitCode: 2, output: "ls: cannot access 'no-such-file': No such file or directory\n" },
    ]);
  });

  it('reads reasoning, a failed tool, output tokens with reasoning, and a session error', () => {
    const parser = opencode.createParser();
    const lines = [
      { type: 'reasoning', sessionID: 's1', part: { type: 'reasoning', text: 'Thinking it over' } },
      { type: 'tool_use', sessionID: 's1', part: { type: 'tool', tool: 'edit', callID: 'c1', state: { status: 'error', input: { filePath: 'a.ts' }, error: 'File not found' } } },
      { type: 'step_finish', sessionID: 's1', part: { type: 'step-finish', tokens: { input: 10, output: 3, reasoning: 7, cache: { read: 5, write: 2 } }, cost: 0.01 } },
      { type: 'error', sessionID: 's1', error: { name: 'APIError', data: { message: 'Rate limited' } } },
    ];
    expect(lines.flatMap((line) => parser.line(JSON.stringify(line)))).toEqual([
      { kind: 'reasoning', text: 'Thinking it over' },
      { kind: 'tool', name: 'edit', id: 'c1', status: 'started', input: { filePath: 'a.ts' } },
      { kind: 'tool', name: 'edit', id: 'c1', status: 'completed', output: 'File not found', isError: true },
      { kind: 'usage', inputTokens: 17, outputTokens: 10, cachedTokens: 5, costUsd: 0.01 },
      { kind: 'error', message: 'Rate limited' },
    ]);
    expect(parser.end(1)).toEqual([{ kind: 'result', text: 'Rate limited', isError: true, sessionId: 's1' }]);
  });
});
