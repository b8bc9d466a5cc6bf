import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { scriptAgent, waitForTask, apiOf } from '../testing/task-helpers.js';

// `agentmesh message`: the CLI is a sender the spec lets address any agent directly.
const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { ...process.env, NODE_ENV: 'production' },
    config: () => ({ agents: [scriptAgent('boss', 'echo-agent'), scriptAgent('echo', 'echo-agent')], orchestration: { orchestrator: 'boss' } }),
  });
});
afterAll(() => h.close());

const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, [bin, ...args, '--url', h.url], { env: { ...process.env, AGENTMESH_TOKEN: h.token } }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

it('sends to another agent directly and waits for its answer', async () => {
  const run = await cli('message', '--to', 'echo', 'hello', 'there');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^task_\S+ {2}sent to echo \(workflow wf_/);
  expect(run.stdout).toContain('done: hello there');
});

it('goes to the orchestrator by default; --no-wait --json prints the reply', async () => {
  const run = await cli('message', '--no-wait', '--json', '--session', 'cli-sess', 'plan', 'it');
  expect(run.code, run.stderr).toBe(0);
  const reply = JSON.parse(run.stdout);
  expect(reply).toMatchObject({ target: 'boss', sessionId: 'cli-sess' });
  expect((await waitForTask(apiOf(h), reply.taskId)).status).toBe('completed');
});
