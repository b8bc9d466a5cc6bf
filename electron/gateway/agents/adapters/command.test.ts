import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../../../shared/schemas/agent.js';
import { command } from './command.js';
import { replay } from './fixture-replay.js';

const agent = (fields: Record<string, unknown> = {}) => agentConfigSchema.parse({ id: 'cmd', adapter: 'command', path: '/opt/bin/helper', ...fields });
const ctx = { binary: '/opt/bin/helper', cwd: '/repo' };
const task = { id: 't1', prompt: 'fix {cwd} "now"', model: 'm1' };

describe('command spawn plan', () => {
  it('fills the template element by element, in one pass, and keeps stdin closed', () => {
    const plan = command.buildSpawnPlan(task, agent({ args: ['--ask', '{prompt}', '--dir={cwd}', '{taskId}:{model}', '{unknown}'] }), ctx);
    expect(plan).toEqual({
      command: '/opt/bin/helper',
      args: ['--ask', 'fix {cwd} "now"', '--dir=/repo', 't1:m1', '{unknown}'],
      env: { PWD: '/repo', AGENTMESH_TASK_ID: 't1' },
      stdin: undefined,
      cwd: '/repo',
    });
  });

  it('writes the prompt to stdin when the template does not mention it', () => {
    const plan = command.buildSpawnPlan({ id: 't1', prompt: 'hello' }, agent({ args: ['--model', '{model}'] }), ctx);
    expect(plan.args).toEqual(['--model', '']);
    expect(plan.stdin).toBe('hello');
  });

  it('tells a routed program where the gateway is and its task token, in env only', () => {
    const plan = command.buildSpawnPlan(task, agent({ routeModelsThroughGateway: true }), { ...ctx, gateway: { url: 'http://127.0.0.1:4555', token: 'amt_t1.sig' } });
    expect(plan.env).toMatchObject({ AGENTMESH_GATEWAY_URL: 'http://127.0.0.1:4555', AGENTMESH_TOKEN: 'amt_t1.sig', AGENTMESH_TASK_ID: 't1' });
    expect(plan.args.join(' ')).not.toContain('amt_t1.sig');
  });

  it('refuses a value that would start an argument with "-" before any "--", naming the fix', () => {
    const dashed = { id: 't1', prompt: '-rf everything', model: '--danger' };
    expect(() => command.buildSpawnPlan(dashed, agent({ args: ['{prompt}'] }), ctx)).toThrow(/the prompt starts with "-".*"--"/);
    expect(() => command.buildSpawnPlan(dashed, agent({ args: ['--task', '{prompt}'] }), ctx)).toThrow(/--task=\{prompt\}/);
    expect(() => command.buildSpawnPlan(dashed, agent({ args: ['--', '{prompt}', '{model}'] }), ctx)).not.toThrow();
    expect(() => command.buildSpawnPlan(dashed, agent({ args: ['{model}', '--', '{prompt}'] }), ctx)).toThrow(/\{model\} \("--danger"\)/);
    expect(command.buildSpawnPlan(dashed, agent({ args: ['--task={prompt}', '--', '{prompt}'] }), ctx).args).toEqual(['--task=-rf everything', '--', '-rf everything']);
    // On stdin a leading dash is only text.
    expect(command.buildSpawnPlan(dashed, agent({ args: [] }), ctx).stdin).toBe('-rf everything');
  });

  it('refuses to plan without an executable', () => {
    expect(() => command.buildSpawnPlan(task, agent({ path: undefined }), { ...ctx, binary: '' })).toThrow(/names no executable/);
  });
});

describe('command agent sessions and roles', () => {
  it('takes a `session` line as its session, hands it back on resume, and gives an orchestrator the MCP endpoint', () => {
    const parser = command.createParser();
    expect(parser.line('{"type":"session","id":"s-1"}')).toEqual([]);
    expect(parser.sessionId?.()).toBe('s-1');
    const role = { role: 'orchestrator', systemPrompt: 'p', mcp: { name: 'agentmesh', url: 'http://h/mcp', token: 'tok', tools: [], toolTimeoutSec: 1 } };
    const plan = command.buildSpawnPlan({ id: 't', prompt: 'x', resumeSessionId: 's-1' }, agentConfigSchema.parse({ id: 'c', adapter: 'command', path: '/bin/prog' }), { binary: '', cwd: '/w', role });
    expect(plan.env).toMatchObject({ AGENTMESH_RESUME_SESSION_ID: 's-1', AGENTMESH_MCP_URL: 'http://h/mcp', AGENTMESH_MCP_TOKEN: 'tok' });
  });
});

describe('command parser', () => {
  it('reads protocol lines as events, anything else as messages, the last message as the result', () => {
    expect(replay(command, 'command-protocol.txt')).toEqual([
      { kind: 'message', text: 'starting the helper script' },
      { kind: 'message', text: 'Looking at the repository.' },
      { kind: 'command', command: 'npm test', status: 'started' },
      { kind: 'command', command: 'npm test', status: 'completed', exitCode: 1, output: '1 failing' },
      { kind: 'file_change', path: 'src/main.ts', change: 'modify' },
      { kind: 'usage', inputTokens: 1200, outputTokens: 80, cachedTokens: 200, costUsd: 0.004 },
      { kind: 'message', text: '{"type":"progress","percent":50}' },
      { kind: 'message', text: '{"type":"message"}' },
      { kind: 'message', text: 'All done: the failing test is fixed.' },
      { kind: 'result', text: 'All done: the failing test is fixed.', isError: false },
    ]);
  });

  it('keeps a result the program printed itself and marks a failing exit', () => {
    const parser = command.createParser();
    expect(parser.line('{"type":"result","text":"42","isError":false}')).toEqual([{ kind: 'result', text: '42', isError: false }]);
    expect(parser.end(0)).toEqual([]);
    const failing = command.createParser();
    failing.line('boom');
    expect(failing.end(2)).toEqual([{ kind: 'result', text: 'boom', isError: true }]);
  });
});
