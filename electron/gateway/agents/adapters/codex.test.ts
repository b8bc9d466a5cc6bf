import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../../../shared/schemas/agent.js';
import { codex } from './codex.js';
import { replay } from './fixture-replay.js';

// Fixtures: stdout of the real Codex CLI 0.169 run with this adapter's spawn plan against the
// gateway harness (same scripted replies as the Claude Code fixtures; the shell call is
// exec_command). Re-record with AGENTMESH_RECORD_FIXTURES=1 (see real-cli.test.ts). Item
// shapes not recorded here (file_change, mcp_tool_call, plan) follow codex-rs/exec/src/exec_events.rs.

const agent = (fields: Record<string, unknown> = {}) => agentConfigSchema.parse({ id: 'codex', adapter: 'codex', ...fields });
const ctx = { binary: '/usr/bin/codex', cwd: '/repo' };
const task = { id: 't1', prompt: 'fix it' };

describe('codex spawn plan', () => {
  it('runs exec --json in the agent sandbox with the prompt on stdin', () => {
    expect(codex.buildSpawnPlan(task, agent({ model: 'gpt-5', sandbox: 'read-only', args: ['--ephemeral'] }), ctx)).toEqual({
      command: '/usr/bin/codex',
      args: ['exec', '--json', '--skip-git-repo-check', '--sandbox', 'read-only', '--model', 'gpt-5', '--ephemeral'],
      env: { PWD: '/repo', AGENTMESH_TASK_ID: 't1' },
      stdin: 'fix it',
      cwd: '/repo',
    });
  });

  it('adds a gateway provider whose token is named, not written, in argv', () => {
    const plan = codex.buildSpawnPlan(task, agent(), { ...ctx, gateway: { url: 'http://127.0.0.1:4000', token: 'tok' } });
    expect(plan.args).toEqual([
      'exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write',
      '-c', 'model_provider=agentmesh',
      '-c', 'model_providers.agentmesh.name="AgentMesh"',
      '-c', 'model_providers.agentmesh.base_url="http://127.0.0.1:4000/v1"',
      '-c', 'model_providers.agentmesh.wire_api="responses"',
      '-c', 'model_providers.agentmesh.env_key="AGENTMESH_TOKEN"',
      '-c', 'model_providers.agentmesh.env_http_headers={ "x-agentmesh-task-id" = "AGENTMESH_TASK_ID" }',
    ]);
    expect(plan.env).toEqual({ PWD: '/repo', AGENTMESH_TASK_ID: 't1', AGENTMESH_TOKEN: 'tok' });
  });
});

describe('codex in a role', () => {
  const role = {
    role: 'orchestrator',
    systemPrompt: 'You orchestrate.',
    mcp: { name: 'agentmesh', url: 'http://127.0.0.1:4000/mcp', token: 'amt_task.sig', tools: ['agent.list', 'agent.dispatch'], toolTimeoutSec: 600 },
  };

  it('configures the MCP server with -c overrides that only name the token variable, its tools approved', () => {
    const plan = codex.buildSpawnPlan(task, agent(), { ...ctx, role });
    const overrides = plan.args.filter((_, index) => plan.args[index - 1] === '-c');
    expect(overrides).toEqual([
      'developer_instructions="You orchestrate."',
      'mcp_servers.agentmesh.url="http://127.0.0.1:4000/mcp"',
      'mcp_servers.agentmesh.bearer_token_env_var="AGENTMESH_MCP_TOKEN"',
      'mcp_servers.agentmesh.enabled_tools=["agent.list","agent.dispatch"]',
      'mcp_servers.agentmesh.tool_timeout_sec=600',
      'mcp_servers.agentmesh.default_tools_approval_mode="approve"',
    ]);
    expect(plan.env.AGENTMESH_MCP_TOKEN).toBe('amt_task.sig');
    expect(plan.args.join(' ')).not.toContain('amt_task.sig');
  });

  it('continues a session with `exec … resume <id> -`, the prompt still on stdin', () => {
    const plan = codex.buildSpawnPlan({ ...task, resumeSessionId: 'thread-1' }, agent(), ctx);
    expect(plan.args.slice(-3)).toEqual(['resume', 'thread-1', '-']);
    expect(plan.stdin).toBe('fix it');
  });

  it('knows its thread id as soon as the thread starts', () => {
    const parser = codex.createParser();
    parser.line(JSON.stringify({ type: 'thread.started', thread_id: 'thread-7' }));
    expect(parser.sessionId?.()).toBe('thread-7');
  });
});

describe('codex parser', () => {
  const warning = { kind: 'log', stream: 'stdout', text: 'warning: Model metadata for `gpt-test-codex` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.' };

  it('reads a plain answer; a warning item stays a log', () => {
    expect(replay(codex, 'codex-plain.jsonl')).toEqual([
      warning,
      { kind: 'message', text: 'Hello from AgentMesh' },
      { kind: 'usage', inputTokens: 300, outputTokens: 4, cachedTokens: 100 },
      { kind: 'result', text: 'Hello from AgentMesh', isError: false, sessionId: '01a204f2-10f2-75f3-b103-5f2f8080b56f' },
    ]);
  });

  it('reads a shell command with its exit code and output', () => {
    const command = "/bin/bash -lc 'echo made-by-codex > created.txt'";
    expect(replay(codex, 'codex-exec.jsonl')).toEqual([
      warning,
      { kind: 'command', command, status: 'started' },
      { kind: 'command', command, status: 'completed', exitCode: 0, output: '' },
      { kind: 'message', text: 'The file is there.' },
      { kind: 'usage', inputTokens: 900, outputTokens: 25, cachedTokens: 0 },
      { kind: 'result', text: 'The file is there.', isError: false, sessionId: '01a204f2-128f-7853-9a9b-febbfe2e532f' },
    ]);
  });

  it('reads a failed command', () => {
    expect(replay(codex, 'codex-exec-fail.jsonl').filter((event) => event.kind === 'command' && event.status === 'completed')).toEqual([
      { kind: 'command', command: "/bin/bash -lc 'ls no-such-file'", status: 'completed', exitCode: 2, output: "ls: cannot access 'no-such-file': No such file or directory\n" },
    ]);
  });

  it('splits a file change into one event per file and reads MCP calls, reasoning and a failed turn', () => {
    const parser = codex.createParser();
    const lines = [
      { type: 'thread.started', thread_id: 'th1' },
      { type: 'item.completed', item: { id: 'i0', type: 'reasoning', text: '**Planning**' } },
      { type: 'item.completed', item: { id: 'i1', type: 'file_change', status: 'completed', changes: [{ path: '/repo/a.ts', kind: 'add' }, { path: '/repo/b.ts', kind: 'update' }, { path: '/repo/c.ts', kind: 'delete' }] } },
      { type: 'item.started', item: { id: 'i2', type: 'mcp_tool_call', server: 'docs', tool: 'search', arguments: { q: 'x' }, status: 'in_progress' } },
      { type: 'item.completed', item: { id: 'i2', type: 'mcp_tool_call', server: 'docs', tool: 'search', arguments: { q: 'x' }, result: { content: [{ type: 'text', text: 'found' }] }, status: 'completed' } },
      { type: 'item.completed', item: { id: 'i3', type: 'agent_message', text: 'Partial answer' } },
      { type: 'error', message: 'stream disconnected before completion' },
      { type: 'turn.failed', error: { message: 'stream disconnected before completion' } },
    ];
    expect(lines.flatMap((line) => parser.line(JSON.stringify(line)))).toEqual([
      { kind: 'reasoning', text: '**Planning**' },
      { kind: 'file_change', path: '/repo/a.ts', change: 'add' },
      { kind: 'file_change', path: '/repo/b.ts', change: 'modify' },
      { kind: 'file_change', path: '/repo/c.ts', change: 'delete' },
      { kind: 'tool', name: 'docs.search', id: 'i2', status: 'started', input: { q: 'x' } },
      { kind: 'tool', name: 'docs.search', id: 'i2', status: 'completed', output: 'found', isError: false },
      { kind: 'message', text: 'Partial answer' },
      { kind: 'error', message: 'stream disconnected before completion' },
      { kind: 'error', message: 'stream disconnected before completion' },
      { kind: 'result', text: 'stream disconnected before completion', isError: true, sessionId: 'th1' },
    ]);
    expect(parser.end(1)).toEqual([]);
  });

  it('ends a killed run with the last message as an error result', () => {
    const parser = codex.createParser();
    parser.line(JSON.stringify({ type: 'item.completed', item: { id: 'i1', type: 'agent_message', text: 'Working on it' } }));
    expect(parser.end(null)).toEqual([{ kind: 'result', text: 'Working on it', isError: true }]);
  });
});
