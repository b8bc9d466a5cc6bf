import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TEST_TOKEN, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

// Faults around starting and recovering agents, and what the gateway does about each.

/** What the gateway itself was started with: its own token, provider keys, unrelated variables. */
const gatewayEnv = {
  AGENTMESH_TOKEN: TEST_TOKEN,
  OPENAI_API_KEY: 'sk-openai-from-the-gateway-env',
  ANTHROPIC_API_KEY: 'sk-ant-from-the-gateway-env',
  DEEPSEEK_API_KEY: 'sk-deepseek-from-the-gateway-env',
  AGENTMESH_TEST_INHERITED: 'passed-on-request',
  AGENTMESH_TEST_UNLISTED: 'kept-from-agents',
};
const agentHome = realpathSync(mkdtempSync(join(tmpdir(), 'agentmesh-agent-cwd-')));
const uiDir = mkdtempSync(join(tmpdir(), 'agentmesh-ui-'));

let h: Harness;
let api: Api;

beforeAll(async () => {
  Object.assign(process.env, gatewayEnv);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>AgentMesh</title>');
  h = await startHarness({
    uiDir,
    config: () => ({
      agents: [
        scriptAgent('printenv', 'env-agent', { inheritEnv: ['AGENTMESH_TEST_INHERITED'], env: { ANTHROPIC_API_KEY: 'sk-ant-chosen-for-this-agent' } }, []),
        scriptAgent('printenv-routed', 'env-agent', { routeModelsThroughGateway: true }, []),
        scriptAgent('dash-unsafe', 'argv-agent', {}, ['{prompt}']),
        scriptAgent('dash-safe', 'argv-agent', {}, ['--', '{prompt}']),
        scriptAgent('in-dir', 'echo-agent', { cwd: agentHome }),
      ],
    }),
  });
  api = apiOf(h);
});
afterAll(async () => {
  await h.close();
  for (const name of Object.keys(gatewayEnv)) delete process.env[name];
});

async function run(prompt: string, target: string, options: Record<string, unknown> = {}) {
  const { status, body } = await api('POST', '/tasks', taskMessage(prompt, target, options));
  expect(status, JSON.stringify(body)).toBe(202);
  return waitForTask(api, body.task_id);
}

const logOf = async (taskId: string) => JSON.stringify((await api('GET', `/tasks/${taskId}/events`)).body.events);

describe('agent environment', () => {
  it("gateway's own token and provider keys in its environment -> the agent and its task log never see them", async () => {
    const task = await run('print your environment', 'printenv');
    expect(task.status, task.error).toBe('completed');
    const log = await logOf(task.id);
    expect(log).toContain('PATH=');
    expect(log).toContain(`HOME=${process.env.HOME}`);
    expect(log).not.toContain(TEST_TOKEN);
    expect(log).not.toContain('AGENTMESH_TOKEN=');
    for (const secret of ['sk-openai-from-the-gateway-env', 'sk-ant-from-the-gateway-env', 'sk-deepseek-from-the-gateway-env']) expect(log).not.toContain(secret);
    expect(log).not.toContain('AGENTMESH_TEST_UNLISTED');
  });

  it("a variable named in the agent's inheritEnv, or set in its env -> passed to the agent", async () => {
    const task = await run('print your environment', 'printenv');
    const log = await logOf(task.id);
    expect(log).toContain('AGENTMESH_TEST_INHERITED=passed-on-request');
    expect(log).toContain('ANTHROPIC_API_KEY=sk-ant-chosen-for-this-agent');
  });

  it('an agent routed through the gateway -> gets a token for its task only, never the gateway token', async () => {
    const task = await run('print your environment', 'printenv-routed');
    const log = await logOf(task.id);
    expect(log).toContain(`AGENTMESH_TOKEN=amt_${task.id}.`);
    expect(log).not.toContain(TEST_TOKEN);
  });
});
