import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { scriptAgent, until } from '../testing/task-helpers.js';

const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: () => ({
      agents: [
        scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] }),
        scriptAgent('echo2', 'echo-agent'),
        scriptAgent('crash', 'crash-agent'),
        scriptAgent('slow', 'slow-agent', {}, ['{prompt}', '30']),
        scriptAgent('nap', 'slow-agent', {}, ['{prompt}', '1.5']),
      ],
    }),
  });
});
afterAll(() => h.close());

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['AGENTMESH_URL', 'AGENTMESH_TOKEN', 'AGENT_GATEWAY_URL', 'AGENT_GATEWAY_TOKEN', 'AGENTMESH_DATA_DIR']) delete env[name];
  return env;
}

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return cliIn(process.cwd(), ...args);
}

function cliIn(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return running(cwd, args).done;
}

/** A CLI process, and its output so far, for tests that act while it runs. */
function running(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [bin, ...args, '--url', h.url], { cwd, env: { ...process.env, AGENTMESH_TOKEN: h.token } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (out.stdout += chunk));
  child.stderr.on('data', (chunk) => (out.stderr += chunk));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, ...out })));
  return { out, done };
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
  const { code, stdout } = await cliIn(here, 'to', 'echo', 'look around', '--cwd', 'app', '--no-wait', '--json');
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
  // The seed's spellings: `create-space`, and `space` alone.
  const named = await cli('create-space', '--meta', 'name=Project A', '--json');
  const { space_id: id } = JSON.parse(named.stdout) as { space_id: string };
  const stored = (await (await fetch(`${h.url}/spaces/${id}`, { headers: { authorization: `Bearer ${h.token}` } })).json()) as { metadata: Record<string, unknown> };
  expect(stored.metadata).toEqual({ name: 'Project A', createdBy: 'cli' });
  expect((await cli('space')).stdout.trim()).toMatch(/^space_[0-9a-f-]+$/);
  expect((await cli('list-tasks', '--limit', '1', '--json')).stdout).toMatch(/^\[/);
  const health = await cli('health', '--json');
  expect(JSON.parse(health.stdout)).toMatchObject({ status: 'ok', providers: { status: expect.any(String) } });
  expect((await cli('status')).stdout).toMatch(/^gateway http:\/\/127\.0\.0\.1:\d+: ok, \d+ agent\(s\) online/);
});

it('waits for the result by default and prints it; --no-wait returns the id at once', async () => {
  const waited = await cli('to', 'echo', 'write the notes');
  expect(waited.code).toBe(0);
  expect(waited.stdout).toMatch(/^task_\S+\s+Task started on echo\n✓ completed in \d+\.\ds\ndone: write the notes\ncost \$0, tokens in 10 out 5 \(as reported by the agent\)\n$/);
  // Not a terminal: no spinner frames in the output.
  expect(waited.stderr).toBe('');
  const quick = await cli('to', 'slow', 'take your time', '--no-wait');
  expect(quick.code).toBe(0);
  const id = quick.stdout.split(/\s/)[0]!;
  expect((await cli('cancel', id)).stdout.trim()).toBe(`cancelled task ${id}`);
});

it('shows a spinner with the elapsed time on a terminal while it waits, and clears it', async () => {
  const ptyDrive = fileURLToPath(new URL('../testing/pty-drive.py', import.meta.url));
  // Not spawnSync: the gateway answering the CLI runs in this process.
  const child = spawn('/usr/bin/python3', [ptyDrive, '[]', process.execPath, bin, 'to', 'nap', 'a short job', '--url', h.url], { env: { ...process.env, AGENTMESH_TOKEN: h.token } });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const run = { status, stdout };
  expect(run.status, run.stdout).toBe(0);
  expect(run.stdout).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running(: [a-z ]+)? · \d+\.\ds/);
  // The spinner's line is cleared before the outcome is printed.
  expect(run.stdout).toMatch(new RegExp(`\r${String.fromCharCode(27)}\\[2K✓ completed in \\d+\\.\\ds`));
});

it('follows a task sent to several agents through each agent, then prints every result', async () => {
  const followed = await cli('task', 'compare notes', '--agents', 'echo,echo2', '--follow');
  expect(followed.code).toBe(0);
  expect(followed.stdout).toContain('[echo] working on: compare notes');
  expect(followed.stdout).toContain('[echo2] ✓ done: compare notes');
  expect(followed.stdout).toMatch(/✓ completed in \S+\n── echo \(completed\) ──\ndone: compare notes\n\n── echo2 \(completed\) ──\ndone: compare notes/);

  const waited = await cli('task', 'compare again', '--agents', 'echo,crash');
  expect(waited.code).toBe(1);
  expect(waited.stdout).toMatch(/✗ failed after \S+: crash: failed/);
  expect(waited.stdout).toContain('── echo (completed) ──\ndone: compare again');
  expect(waited.stdout).toMatch(/── crash \(failed\) ──\nabout to fail\n\(the agent exited with code 3/);
});

it('treats a cancel as a cancel, not an error: no bare ✗, exit code 130', async () => {
  const waiting = running(process.cwd(), ['to', 'slow', 'a long job']);
  await until(() => /^task_\S+/.test(waiting.out.stdout), 20_000, 'the task id');
  const id = waiting.out.stdout.split(/\s/)[0]!;
  await until(async () => (await fetch(`${h.url}/tasks/${id}`, { headers: { authorization: `Bearer ${h.token}` } }).then((r) => r.json()) as { status: string }).status === 'running', 20_000, 'the task running');
  const cancel = await cli('cancel', id, '--json');
  expect(JSON.parse(cancel.stdout)).toMatchObject({ task_id: id });
  const { code, stdout } = await waiting.done;
  expect(code).toBe(130);
  expect(stdout).toMatch(/■ cancelled after \S+\n$/);
  expect(stdout).not.toMatch(/^✗\s*$/m);

  const followed = running(process.cwd(), ['to', 'slow', 'another long job', '--follow']);
  await until(() => followed.out.stdout.includes('started: another long job'), 20_000, 'the agent started');
  await cli('cancel', followed.out.stdout.split(/\s/)[0]!);
  const end = await followed.done;
  expect(end.code).toBe(130);
  expect(end.stdout).toMatch(/· cancelled\n$/);
  expect(end.stdout).not.toMatch(/✗/);
});

it("finds a data dir's running gateway without reading its config file, and takes the seed's AGENT_GATEWAY_* variables", async () => {
  writeFileSync(join(h.dataDir, 'config.yaml'), 'providers:\n  - id: x\n   broken: [\n');
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { env: { ...cleanEnv(), ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const viaDataDir = await run(['agents', '--data-dir', h.dataDir], { AGENTMESH_TOKEN: h.token });
  expect(viaDataDir.stderr).toBe('');
  expect(viaDataDir.stdout).toMatch(/echo\s+command\s+online/);
  const viaSeedVariables = await run(['list'], { AGENT_GATEWAY_URL: h.url, AGENT_GATEWAY_TOKEN: h.token });
  expect(viaSeedVariables.stdout).toMatch(/echo\s+command\s+online/);
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
