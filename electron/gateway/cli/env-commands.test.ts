import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { scriptAgent } from '../testing/task-helpers.js';

// `agentmesh env list|switch|snapshot|rollback` against a running gateway, as a user types them.
const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: () => ({ agents: [scriptAgent('echo', 'echo-agent')], presets: { 'openai-gpt4': { description: 'GPT-4o', variables: { OPENAI_MODEL: 'gpt-4o', OPENAI_API_KEY: 'sk-cli-preset-secret-123456' } } } }) });
});
afterAll(() => h.close());

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--url', h.url], { env: { ...process.env, AGENTMESH_TOKEN: h.token } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('switches an agent with a snapshot, lists it, and rolls back', async () => {
  const switched = await cli('env', 'switch', 'openai-gpt4', '--agent', 'echo', '--set', 'EXTRA=1', '--snapshot');
  expect(switched.stderr).toBe('');
  expect(switched.stdout).toMatch(/^echo: none → openai-gpt4 \(snapshot snap_[\w-]+\)\n$/);
  const listed = await cli('env', 'list');
  expect(listed.stdout).toMatch(/openai-gpt4\s+GPT-4o\s+OPENAI_MODEL, OPENAI_API_KEY/);
  expect(listed.stdout).toMatch(/^echo\s+openai-gpt4/m);
  expect(listed.stdout).not.toContain('sk-cli-preset-secret');
  const json = JSON.parse((await cli('env', 'list', '--json')).stdout);
  const snapshot = json.snapshots[0];
  expect(snapshot).toMatchObject({ agent_id: 'echo', preset_name: 'none' });
  const taken = await cli('env', 'snapshot', '--agent', 'echo', '--id', 'mine', '--description', 'by hand');
  expect(taken.stdout).toMatch(/^mine {2}echo {2}openai-gpt4 {2}sha256 [0-9a-f]{64}\n$/);
  const rolled = await cli('env', 'rollback', snapshot.snapshot_id);
  expect(rolled.stdout).toBe(`echo: back to none (${snapshot.snapshot_id})\n`);
});

it('says what went wrong with the spec\'s code, and exits 1', async () => {
  const missing = await cli('env', 'switch', 'nope');
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('-40201');
  expect((await cli('env', 'rollback', 'nope')).stderr).toContain('-40203');
});
