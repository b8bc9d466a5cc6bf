import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../electron/gateway/testing/gateway-harness.js';

// The spec's three example flows, as a Python script using only the standard library
// (clients/python/examples/aiswitch_flows.py), run by Debian's python3 against a real gateway.
const python = process.env.AGENTMESH_PYTHON ?? '/usr/bin/python3';
const script = fileURLToPath(new URL('./examples/aiswitch_flows.py', import.meta.url));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'chatty', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-upstream-chat-secret', models: ['chat-model'] }],
      routes: [{ match: '*', to: ['chatty:chat-model'] }],
      prices: { 'chat-model': { input: 1, output: 2 } },
      presets: { 'openai-gpt4': { variables: { OPENAI_MODEL: 'gpt-4o' } }, 'anthropic-claude-sonnet': { variables: { ANTHROPIC_MODEL: 'claude-sonnet-4-5' } } },
    }),
  });
  h.upstream.defaultReply = { text: 'def quicksort(xs):\n    return xs', usage: { input: 40, output: 8 } };
});
afterAll(() => h.close());

function run(): Promise<{ code: number | null; lines: any[]; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(python, [script], { env: { ...process.env, AGENTMESH_URL: h.url, AGENTMESH_TOKEN: h.token } });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, lines: out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)), stderr }));
  });
}

it('runs the multi-agent, env switch and metrics flows of the spec with urllib', async () => {
  await h.gateway.services.rpc.services.sampler.tick();
  const { code, lines, stderr } = await run();
  expect(stderr).toBe('');
  const step = (name: string) => lines.filter((line) => line.step === name);
  expect(step('task_result')).toEqual([
    expect.objectContaining({ agent_id: 'claude-001', result: 'def quicksort(xs):\n    return xs', tokens_used: expect.objectContaining({ input_tokens: 40, output_tokens: 8, total_tokens: 48 }) }),
    expect.objectContaining({ agent_id: 'gpt-001', result: 'def quicksort(xs):\n    return xs' }),
  ]);
  expect(step('env.switch')[0].result).toMatchObject({ previous_preset: 'none', current_preset: 'openai-gpt4', snapshot_id: expect.any(String) });
  expect(step('env.rollback')[0].result.snapshot).toMatchObject({ snapshot_id: 'before-switch', preset_name: 'none' });
  expect(step('metrics.query')[0].result).toMatchObject({ total_count: expect.any(Number), aggregated: expect.any(Object) });
  expect(step('tokens.summary')[0].result.total_usage).toMatchObject({ input_tokens: 40, output_tokens: 8 });
  expect(lines.filter((line) => 'ok' in line).map((line) => [line.step, line.ok])).toEqual([['multi_agent_flow', true], ['env_flow', true], ['metrics_flow', true]]);
  expect(code).toBe(0);
  // Run again: the agents exist (-40002 is taken as done), the task id is taken: the script says so and fails.
  const again = await run();
  expect(again.lines.find((line) => line.step === 'multi_agent_flow' && line.error)?.error.code).toBe(-40102);
  expect(again.code).toBe(1);
});
