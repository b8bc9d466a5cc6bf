import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../../../shared/schemas/agent.js';
import { claudeCode } from './claude-code.js';
import { replay } from './fixture-replay.js';

// Fixtures: stdout of the real Claude Code 2.1.197 run with this adapter's spawn plan against
// the gateway harness (scripted upstream replies: "Hello from AgentMesh" with usage 300/4,
// 100 cached; a Bash call then "The file is there." / "That directory does not exist.").
// Re-record with AGENTMESH_RECORD_FIXTURES=1 npx vitest run electron/gateway/agents/adapters/real-cli.test.ts

const agent = (fields: Record<string, unknown> = {}) => agentConfigSchema.parse({ id: 'claude', adapter: 'claude-code', ...fields });
const ctx = { binary: '/usr/bin/claude', cwd: '/repo' };
const task = { id: 't1', prompt: 'fix it' };

describe('claude-code spawn plan', () => {
  it('prints stream-json, takes the prompt on stdin and accepts edits by default', () => {
    expect(claudeCode.buildSpawnPlan(task, agent(), ctx)).toEqual({
      command: '/usr/bin/claude',
      args: ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits'],
      env: { PWD: '/repo', AGENTMESH_TASK_ID: 't1' },
      stdin: 'fix it',
      cwd: '/repo',
    });
  });

  it('passes model, permission mode, extra args and pre-approved tools, the variadic tool list last', () => {
    const plan = claudeCode.buildSpawnPlan(task, agent({ model: 'opus', permissionMode: 'plan', args: ['--max-turns', '3'], allowedTools: ['Bash(npm test:*)', 'Edit'] }), ctx);
    expect(plan.args).toEqual(['-p', '--output-format', 'stream-json', '--verbose', '--model', 'opus', '--permission-mode', 'plan', '--max-turns', '3', '--allowedTools', 'Bash(npm test:*)', 'Edit']);
  });

  it('bypasses permissions with the dangerous flag and IS_SANDBOX=1, which root needs', () => {
    const plan = claudeCode.buildSpawnPlan(task, agent({ permissionMode: 'bypassPermissions' }), ctx);
    expect(plan.args).toContain('--dangerously-skip-permissions');
    expect(plan.args).not.toContain('--permission-mode');
    expect(plan.env.IS_SANDBOX).toBe('1');
  });

  it('routes model calls through the gateway with the token in env only', () => {
    const plan = claudeCode.buildSpawnPlan(task, agent({ env: { ANTHROPIC_BASE_URL: 'https://elsewhere', FOO: 'bar' } }), { ...ctx, gateway: { url: 'http://127.0.0.1:4000', token: 'tok' } });
    expect(plan.env).toEqual({
      FOO: 'bar',
      PWD: '/repo',
      AGENTMESH_TASK_ID: 't1',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:4000',
      ANTHROPIC_AUTH_TOKEN: 'tok',
      ANTHROPIC_API_KEY: '',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ANTHROPIC_CUSTOM_HEADERS: 'x-agentmesh-task-id: t1',
    });
  });
});

const orchestrator = {
  role: 'orchestrator',
  systemPrompt: 'You orchestrate.\nYour team: helper',
  mcp: { name: 'agentmesh', url: 'http://127.0.0.1:4000/mcp', token: 'amt_task.sig', tools: ['agent.list', 'agent.dispatch'], toolTimeoutSec: 3600 },
};

describe('claude-code in a role', () => {
  it('attaches the MCP server (token by ${VAR} expansion), pre-approves exactly its tools and appends the role prompt', () => {
    const plan = claudeCode.buildSpawnPlan(task, agent({ allowedTools: ['Edit'] }), { ...ctx, role: orchestrator });
    const config = JSON.parse(plan.args[plan.args.indexOf('--mcp-config') + 1]!);
    expect(config).toEqual({ mcpServers: { agentmesh: { type: 'http', url: 'http://127.0.0.1:4000/mcp', headers: { Authorization: 'Bearer ${AGENTMESH_MCP_TOKEN}' } } } });
    expect(plan.args[plan.args.indexOf('--append-system-prompt') + 1]).toBe('You orchestrate.\nYour team: helper');
    expect(plan.args.slice(plan.args.indexOf('--allowedTools'))).toEqual(['--allowedTools', 'Edit', 'mcp__agentmesh__agent_list', 'mcp__agentmesh__agent_dispatch']);
    expect(plan.env).toMatchObject({ AGENTMESH_MCP_TOKEN: 'amt_task.sig', MCP_TOOL_TIMEOUT: '3600000' });
    expect(plan.args.join(' ')).not.toContain('amt_task.sig');
  });

  it('continues a session with --resume', () => {
    expect(claudeCode.buildSpawnPlan({ ...task, resumeSessionId: 'abc-123' }, agent(), ctx).args.slice(4, 6)).toEqual(['--resume', 'abc-123']);
  });

  it('knows its session id from the init line, before any result', () => {
    const parser = claudeCode.createParser();
    parser.line(JSON.stringify({ type: 'system', subtype: 'init', session_id: 'sess-9', model: 'm' }));
    expect(parser.sessionId?.()).toBe('sess-9');
  });
});

describe('claude-code parser', () => {
  it('reads a plain answer: message, usage with cache reads counted as input, result', () => {
    expect(replay(claudeCode, 'claude-code-plain.jsonl')).toEqual([
      { kind: 'message', text: 'Hello from AgentMesh' },
      { kind: 'usage', inputTokens: 300, outputTokens: 4, cachedTokens: 100, costUsd: 0.00115, model: 'claude-via-mesh' },
      { kind: 'result', text: 'Hello from AgentMesh', isError: false, sessionId: 'bc5ab656-851b-430f-8c14-3a73fa6da0ba' },
    ]);
  });

  it('reads a Bash call as a tool and a command, with its raw output and exit code 0', () => {
    const command = 'echo made-by-claude-code > created.txt';
    expect(replay(claudeCode, 'claude-code-bash.jsonl')).toEqual([
      { kind: 'tool', name: 'Bash', id: 'call_7b8f3c5c2', status: 'started', input: { command } },
      { kind: 'command', command, status: 'started' },
      { kind: 'tool', name: 'Bash', id: 'call_7b8f3c5c2', status: 'completed', output: '(Bash completed with no output)', isError: false },
      { kind: 'command', command, status: 'completed', exitCode: 0, output: '' },
      { kind: 'message', text: 'The file is there.' },
      { kind: 'usage', inputTokens: 900, outputTokens: 25, cachedTokens: 0, costUsd: 0.005125, model: 'claude-via-mesh' },
      { kind: 'result', text: 'The file is there.', isError: false, sessionId: '0693794b-e6cf-461d-800c-7d08d8861911' },
    ]);
  });

  it('takes a failed command exit code from the tool result text', () => {
    const events = replay(claudeCode, 'claude-code-bash-fail.jsonl');
    const output = "Exit code 2\nls: cannot access 'no-such-file': No such file or directory";
    expect(events.filter((event) => event.kind === 'tool' && event.status === 'completed')).toEqual([
      { kind: 'tool', name: 'Bash', id: 'call_7b8f3c5c4', status: 'completed', output, isError: true },
    ]);
    expect(events.filter((event) => event.kind === 'command')).toEqual([
      { kind: 'command', command: 'ls no-such-file', status: 'started' },
      { kind: 'command', command: 'ls no-such-file', status: 'completed', exitCode: 2, output },
    ]);
    expect(events.at(-1)).toEqual({ kind: 'result', text: 'That directory does not exist.', isError: false, sessionId: '09102072-2f0e-44df-88ac-c632c833bc60' });
  });

  it('reads thinking as reasoning, a blocked command as never run, and an error result', () => {
    const parser = claudeCode.createParser();
    const lines = [
      { type: 'assistant', message: { content: [{ type: 'thinking', thinking: 'Let me look.' }, { type: 'tool_use', id: 'b1', name: 'Bash', input: { command: 'rm -rf /' } }] } },
      { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 'b1', content: [{ type: 'text', text: 'Permission denied by policy' }], is_error: true }] } },
      { type: 'result', subtype: 'error_max_turns', is_error: true, session_id: 's9', errors: ['Reached max turns'] },
    ];
    expect(lines.flatMap((line) => parser.line(JSON.stringify(line)))).toEqual([
      { kind: 'reasoning', text: 'Let me look.' },
      { kind: 'tool', name: 'Bash', id: 'b1', status: 'started', input: { command: 'rm -rf /' } },
      { kind: 'command', command: 'rm -rf /', status: 'started' },
      { kind: 'tool', name: 'Bash', id: 'b1', status: 'completed', output: 'Permission denied by policy', isError: true },
      { kind: 'command', command: 'rm -rf /', status: 'completed', exitCode: null, output: 'Permission denied by policy' },
      { kind: 'result', text: 'Reached max turns', isError: true, sessionId: 's9' },
    ]);
    expect(parser.end(1)).toEqual([]);
  });

  it('ends a killed run with the last text as an error result', () => {
    const parser = claudeCode.createParser();
    parser.line(JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'Halfway there' }] } }));
    expect(parser.end(null)).toEqual([{ kind: 'result', text: 'Halfway there', isError: true }]);
  });
});
