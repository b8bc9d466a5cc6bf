import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { scriptAgent } from '../testing/task-helpers.js';

const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: () => ({ agents: [scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] }), scriptAgent('crash', 'crash-agent')] }) });
});
afterAll(() => h.close());

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return cliIn(process.cwd(), ...args);
}

function cliIn(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--url', h.url], { cwd, env: { ...process.env, AGENTMESH_TOKEN: h.token } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('lists agents as a table', async () => {
  const { code, stdout } = await cli('agents');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^ID\s+ADAPTER\s+STATE/);
  expect(stdout).toMatch(/echo\s+command\s+online/);
});

it('sends a task, follows it to the end, and exits 0 when it completed', async () => {
  const { code, stdout } = await cli('task', 'tidy', 'the', 'docs', '--cap', 'docs', '--follow');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^task_\S+\s+Task (started|queued) (on|for) echo/);
  expect(stdout).toContain('working on: tidy the docs');
  expect(stdout).toContain('add notes.md');
  expect(stdout).toContain('✓ done: tidy the docs');
  expect(stdout).toContain('· completed');
});

it('exits 1 when a followed task fails, showing why', async () => {
  const { code, stdout } = await cli('to', 'crash', 'anything', '--follow');
  expect(code).toBe(1);
  expect(stdout).toMatch(/failed: the agent exited with code 3/);
});

it('sends a relative --cwd as seen from where the command runs', async () => {
  const here = realpathSync(mkdtempSync(join(tmpdir(), 'agentmesh-cli-cwd-')));
  mkdirSync(join(here, 'app'));
  const { code, stdout } = await cliIn(here, 'to', 'echo', 'look around', '--cwd', 'app', '--json');
  expect(code).toBe(0);
  const { task_id: id } = JSON.parse(stdout) as { task_id: string };
  const task = (await (await fetch(`${h.url}/tasks/${id}`, { headers: { authorization: `Bearer ${h.token}` } })).json()) as { cwd: string };
  expect(task.cwd).toBe(join(here, 'app'));
});

it('lists tasks, creates a space and shows health', async () => {
  const tasks = await cli('tasks', '--limit', '5');
  expect(tasks.stdout).toMatch(/^ID\s+STATUS\s+AGENTS/);
  expect(tasks.stdout).toContain('completed');
  const space = await cli('space', 'create', '--meta', 'project=docs');
  expect(space.stdout.trim()).toMatch(/^space_[0-9a-f-]+$/);
  const health = await cli('health');
  expect(JSON.parse(health.stdout)).toMatchObject({ status: 'ok', providers: { status: expect.any(String) } });
});

it('says clearly when the gateway is not running', async () => {
  const child = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const run = spawn(process.execPath, [bin, 'agents', '--url', 'http://127.0.0.1:9', '--token', 'x'], {});
    let stderr = '';
    run.stderr.on('data', (chunk) => (stderr += chunk));
    run.on('close', (code) => resolve({ code, stderr }));
  });
  expect(child.code).toBe(1);
  expect(child.stderr).toMatch(/cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);
});
