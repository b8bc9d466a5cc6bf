import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTestConfig, startHarness, type Harness } from '../testing/gateway-harness.js';
import { writeClaudeTranscript, writeCodexSession } from '../testing/local-usage-fixtures.js';
import { apiOf, scriptAgent, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

// Codex's 5-hour window is 92% used (warn at 80%); Claude Code's block is at 20% of a
// configured $0.15 limit. The codex and claude-code agents run a harmless stand-in binary:
// what is under test is where a task goes, not what the CLI does.
let h: Harness;
let api: Api;
const home = mkdtempSync(join(tmpdir(), 'agentmesh-dispatch-'));
const fakeCli = join(home, 'fake-cli.mjs');

beforeAll(async () => {
  writeFileSync(fakeCli, "#!/usr/bin/env node\nif (process.argv.includes('--version')) console.log('fake-cli 1.0.0');\n");
  chmodSync(fakeCli, 0o755);
  const now = Date.now();
  writeCodexSession(join(home, 'codex'), {
    at: new Date(now - 5 * 60_000),
    primary: { usedPercent: 92, windowMinutes: 300, resetsAt: Math.floor((now + 3_600_000) / 1000) },
    secondary: { usedPercent: 30, windowMinutes: 10_080, resetsAt: Math.floor((now + 5 * 86_400_000) / 1000) },
  });
  // 2,000 output tokens of claude-sonnet-4-5 at $15 per 1M: $0.03, 20% of $0.15.
  writeClaudeTranscript(join(home, 'claude'), [{ at: new Date(now - 20 * 60_000), input: 0, output: 2_000 }]);
  h = await startHarness({
    env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: join(home, 'codex'), CLAUDE_CONFIG_DIR: join(home, 'claude') },
    config: (url) => ({
      ...defaultTestConfig(url),
      agents: [
        { id: 'codex-agent', adapter: 'codex', path: fakeCli, capabilities: ['code'] },
        { id: 'claude-agent', adapter: 'claude-code', path: fakeCli, capabilities: ['code'] },
        scriptAgent('helper', 'echo-agent', { capabilities: ['code', 'echo'] }),
        scriptAgent('caller', 'model-call-agent', { capabilities: ['calls'], routeModelsThroughGateway: true }, ['2']),
        scriptAgent('thrifty', 'model-call-agent', { routeModelsThroughGateway: true }, ['2']),
        // echo-agent reports 10 input and 5 output tokens without a cost: priced as o1-pro, $0.0045.
        scriptAgent('spender', 'echo-agent', { model: 'o1-pro' }),
      ],
      quota: { warnPercent: 80, claudeCode: { blockLimitUsd: 0.15 } },
      budgets: { agents: { spender: { daily: { limitUsd: 0.004 } }, thrifty: { daily: { limitUsd: 0.001 } } } },
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const submit = async (target: string, options: Record<string, unknown> = {}, task = 'do the thing') => {
  const res = await api('POST', '/tasks', taskMessage(task, target, options));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.task_id as string;
};
const eventsOf = async (id: string) => (await api('GET', `/tasks/${id}/events`)).body.events.map((event: any) => event.body);

describe('quota-aware dispatch', () => {
  it('reads the subscriptions the agents draw on', async () => {
    const { body } = await api('GET', '/model-gateway/quota');
    expect(body.codex).toMatchObject({ usedPercent: 92, available: true });
    expect(body['claude-code']).toMatchObject({ usedPercent: 20, available: true });
  });

  it('warns (task field and event) when the chosen agent\'s window is nearly used up', async () => {
    const id = await submit('codex-agent');
    const task = await waitForTask(api, id);
    expect(task.assigned_agents).toEqual(['codex-agent']);
    expect(task.quota_warning).toMatch(/^codex-agent: Codex subscription 92% used \(resets .+\)$/);
    const warning = (await eventsOf(id)).find((event: any) => event.kind === 'quota_warning');
    expect(warning).toMatchObject({ kind: 'quota_warning', agent: 'codex-agent', usedPercent: 92, resetsAt: expect.any(String) });
    expect(warning.reroutedTo).toBeUndefined();
  });

  it('with preferAvailable sends the task to another capable agent instead', async () => {
    const id = await submit('codex-agent', { preferAvailable: true, capabilities: ['echo'] }, 'write the notes');
    const task = await waitForTask(api, id);
    expect(task).toMatchObject({ assigned_agents: ['helper'], status: 'completed', result: 'done: write the notes' });
    expect(task.quota_warning).toMatch(/^codex-agent: Codex subscription 92% used .*; sent to helper instead$/);
    expect((await eventsOf(id)).find((event: any) => event.kind === 'quota_warning')).toMatchObject({ agent: 'codex-agent', reroutedTo: 'helper' });
  });

  it('routes a `gateway` task away from the nearly used agent, and leaves a roomy one alone', async () => {
    const routed = await waitForTask(api, await submit('gateway', { capabilities: ['code'], preferAvailable: true }));
    // codex-agent comes first among equally loaded agents; its window sends the task on.
    expect(routed.assigned_agents).toEqual(['claude-agent']);
    expect(routed.quota_warning).toMatch(/sent to claude-agent instead/);
    const roomy = await waitForTask(api, await submit('claude-agent', { preferAvailable: true }));
    expect(roomy.assigned_agents).toEqual(['claude-agent']);
    expect(roomy.quota_warning).toBeNull();
  });
});

describe('cost per task', () => {
  it('totals the model calls an agent made through the gateway into its task, and the summary splits the cost', async () => {
    const since = new Date(Date.now() - 1).toISOString();
    h.upstream.script({ text: 'first', usage: { input: 1_000, output: 500 } }, { text: 'second', usage: { input: 1_000, output: 500 } });
    const id = await submit('caller');
    const task = await waitForTask(api, id);
    expect(task).toMatchObject({ status: 'completed', result: 'first | second' });
    // chat-model: $1 per 1M input, $2 per 1M output: 2 x (0.001 + 0.001).
    expect(task.usage).toEqual({ inputTokens: 2_000, outputTokens: 1_000, cachedTokens: 0, costUsd: 0.004 });
    const { body } = await api('GET', `/model-gateway/usage/summary?since=${since}`);
    expect(body.byTask).toEqual([expect.objectContaining({ key: id, requests: 2, inputTokens: 2_000, outputTokens: 1_000, costUsd: 0.004 })]);
    expect(body.byAgent).toEqual([expect.objectContaining({ key: 'caller', costUsd: 0.004 })]);
    expect(body.cost).toEqual({ inputUsd: 0.002, cachedInputUsd: 0, outputUsd: 0.002, unattributedUsd: 0, totalUsd: 0.004 });
    expect(body.peakHour).toMatchObject({ requests: 2, tokens: 3_000, costUsd: 0.004 });
    expect(body.hourOfDay).toHaveLength(24);
    const grouped = await api('GET', `/model-gateway/usage?group_by=task&since=${since}`);
    expect(grouped.body.groups).toEqual([expect.objectContaining({ key: id, costUsd: 0.004 })]);
    expect(grouped.body.cost_breakdown).toMatchObject({ totalUsd: 0.004 });
    expect(grouped.body.peak_hour).toMatchObject({ requests: 2 });
  });

  it('prices usage an agent reports without a cost, on its task and in the ledger', async () => {
    const id = await submit('spender');
    const task = await waitForTask(api, id);
    expect(task.status).toBe('completed');
    expect(task.usage.costUsd).toBeCloseTo((10 * 150 + 5 * 600) / 1e6, 9);
    const row = h.gateway.services.ledger.forTask(id)[0]!;
    expect(row).toMatchObject({ provider: 'agent:spender', requestedModel: 'o1-pro', agentId: 'spender' });
    expect(row.costUsd).toBeCloseTo(0.0045, 9);
  });
});

describe('agent budgets', () => {
  it('fails a task whose agent is over its budget, with a clear error', async () => {
    // The previous test spent $0.0045 of spender's $0.004.
    const task = await waitForTask(api, await submit('spender'));
    expect(task.status).toBe('failed');
    expect(task.error.message).toMatch(/^Budget exceeded: the agent 'spender' daily budget has reached \$0\.0045 of \$0\.0040 \(resets .+\)$/);
    expect(task.started_at).toBeNull();
  });

  it('refuses the model calls of an agent over its budget with 402, booked to its task', async () => {
    h.upstream.script({ text: 'first', usage: { input: 1_000, output: 500 } });
    const id = await submit('thrifty');
    const task = await waitForTask(api, id);
    expect(task.status).toBe('failed');
    expect(task.error).toEqual({ code: 'EXECUTION_ERROR', message: 'the agent exited with code 1' });
    expect(task.result).toMatch(/^model call failed: 402 .*the agent 'thrifty' daily budget has reached \$0\.0020 of \$0\.0010.*"code":"budget_exceeded"/);
    const rows = h.gateway.services.ledger.forTask(id);
    expect(rows.map((row) => [row.status, row.agentId])).toEqual([[200, 'thrifty'], [402, 'thrifty']]);
    expect(task.usage.costUsd).toBeCloseTo(0.002, 9);
  });
});
