import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTestConfig, startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

// One task, one cost. Both agents price their own work at $0.00046 (as Claude Code does); the
// routed one also makes a model call through the gateway, which the ledger prices at $0.002
// (1,000 input and 500 output tokens of chat-model at $1 and $2 per million).
let h: Harness;
let api: Api;
const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));

beforeAll(async () => {
  h = await startHarness({
    config: (url) => ({
      ...defaultTestConfig(url),
      agents: [
        scriptAgent('routed', 'self-pricing-agent', { routeModelsThroughGateway: true, maxConcurrent: 4 }),
        scriptAgent('own-account', 'self-pricing-agent', { maxConcurrent: 4 }),
      ],
    }),
  });
  h.upstream.defaultReply = { text: 'ok', usage: { input: 1_000, output: 500 } };
  api = apiOf(h);
});
afterAll(() => h.close());

const run = async (target: string, options: Record<string, unknown> = {}) => {
  const res = await api('POST', '/tasks', taskMessage('price it', target, options));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitForTask(api, res.body.task_id);
};

function follow(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--follow', '--url', h.url], { env: { ...process.env, AGENTMESH_TOKEN: h.token } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('the cost of one task', () => {
  it("is the gateway's ledger when the agent's calls went through the gateway, not the agent's own figure", async () => {
    const task = await run('routed');
    expect(task).toMatchObject({ status: 'completed', cost_source: 'gateway' });
    expect(task.usage).toEqual({ inputTokens: 1_000, outputTokens: 500, cachedTokens: 0, costUsd: 0.002 });
    // The agent's report is not booked a second time.
    expect(h.gateway.services.ledger.forTask(task.id).map((row) => row.inbound)).toEqual(['chat']);
  });

  it("is the agent's report when its calls did not go through the gateway, booked once to the ledger", async () => {
    const task = await run('own-account');
    expect(task).toMatchObject({ status: 'completed', cost_source: 'agent' });
    expect(task.usage).toEqual({ inputTokens: 400, outputTokens: 20, cachedTokens: 0, costUsd: 0.00046 });
    expect(h.gateway.services.ledger.forTask(task.id)).toEqual([expect.objectContaining({ inbound: 'agent', costUsd: 0.00046 })]);
  });

  it('is the one figure `--follow` prints, with its source', async () => {
    const routed = await follow('to', 'routed', 'price', 'it');
    expect(routed.code).toBe(0);
    expect(routed.stdout).toContain("cost $0.0020, tokens in 1000 out 500 (from the gateway's usage ledger)");
    expect(routed.stdout).not.toContain('0.00046');
    const own = await follow('to', 'own-account', 'price', 'it');
    expect(own.stdout).toContain('cost $0.00046, tokens in 400 out 20 (as reported by the agent)');
  });
});

describe('a fan-out parent', () => {
  it("sums its children's tokens and cost, in the REST view and the UI contract", async () => {
    const parent = await run('gateway', { agents: ['routed', 'own-account'] });
    expect(parent.status).toBe('completed');
    const sum = { inputTokens: 1_400, outputTokens: 520, cachedTokens: 0, costUsd: 0.00246 };
    expect(parent.usage).toEqual(sum);
    expect(parent.cost_source).toBe('mixed');
    expect(parent.results.map((result: any) => [result.agent, result.usage.costUsd, result.cost_source])).toEqual([
      ['routed', 0.002, 'gateway'],
      ['own-account', 0.00046, 'agent'],
    ]);
    const { handlers } = h.gateway;
    expect((await handlers['tasks.get']({ id: parent.id })).usage).toEqual(sum);
    const listed = await handlers['tasks.list']({ limit: 50, offset: 0 });
    expect(listed.tasks.find((task) => task.id === parent.id)).toMatchObject({ usage: sum, cost_source: 'mixed' });
  });
});
