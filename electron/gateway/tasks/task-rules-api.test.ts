import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;
let api: Api;
beforeAll(async () => {
  h = await startHarness({
    config: () => ({
      agents: [scriptAgent('claude-code', 'echo-agent', { maxConcurrent: 4 }), scriptAgent('openclaw', 'echo-agent', { maxConcurrent: 4 }), { id: 'aider', adapter: 'command', path: '/nonexistent/aider' }],
      routing: {
        defaultAgent: 'claude-code',
        rules: [
          { name: 'code-review', keywords: ['review', '代码审查'], agent: 'claude-code', priority: 15 },
          { name: 'browser-automation', keywords: ['browser', '浏览器'], agent: 'openclaw', priority: 15 },
          { name: 'git-edits', keywords: ['git edit'], agent: 'aider', priority: 30 },
          { name: 'multi-agent', keywords: ['collaborate', '协作'], strategy: 'broadcast', agents: ['claude-code', 'openclaw'], priority: 20 },
        ],
      },
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

const submit = async (text: string) => {
  const res = await api('POST', '/tasks', taskMessage(text));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body;
};

it('sends a task for gateway to the agent of the matching rule, and its log says which rule and why', async () => {
  const task = await waitForTask(api, (await submit('打开浏览器 and check the page')).task_id);
  expect(task).toMatchObject({ status: 'completed', assigned_agents: ['openclaw'] });
  const first = (await api('GET', `/tasks/${task.id}/events`)).body.events[0].body;
  expect(first.message).toBe('submitted for openclaw: rule "browser-automation" (priority 15) matched "浏览器"');
});

it('fans a broadcast rule out to its agents, and passes over a rule whose agent is offline', async () => {
  const answer = await submit('collaborate on this');
  expect(answer.message).toMatch(/^Task sent to 2 agents \(parallel\): rule "multi-agent"/);
  const parent = await waitForTask(api, answer.task_id);
  expect(parent.results.map((child: any) => child.agent)).toEqual(['claude-code', 'openclaw']);
  const fallthrough = await waitForTask(api, (await submit('git edit then review')).task_id);
  expect(fallthrough.assigned_agents).toEqual(['claude-code']);
});

it('answers the rule tester with the decision and every matching rule (POST /routing/test)', async () => {
  const { status, body } = await api('POST', '/routing/test', { task: 'git edit in the browser' });
  expect(status).toBe(200);
  expect(body).toMatchObject({ step: 'rule', rule: 'browser-automation', agents: ['openclaw'] });
  expect(body.matches).toEqual([
    { rule: 'git-edits', priority: 30, keywords: ['git edit'], outcome: expect.stringMatching(/^skipped: aider is offline/) },
    { rule: 'browser-automation', priority: 15, keywords: ['browser'], outcome: 'chosen' },
  ]);
  expect((await api('POST', '/routing/test', { task: 'plan the week' })).body).toMatchObject({ step: 'default', agents: ['claude-code'] });
  expect((await api('POST', '/routing/test', {})).status).toBe(400);
});

function cli(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--url', h.url], { env: { ...process.env, AGENTMESH_TOKEN: h.token } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

it('`agentmesh route test` prints which rule won and why, a table of the matches, and JSON with --json', async () => {
  const human = await cli('route', 'test', 'please', 'review', 'the', 'browser', 'code');
  expect(human.code).toBe(0);
  expect(human.stdout).toContain('→ claude-code\n  rule "code-review" (priority 15) matched "review"');
  expect(human.stdout).toMatch(/RULE\s+PRIORITY\s+MATCHED\s+OUTCOME\ncode-review\s+15\s+review\s+chosen\nbrowser-automation\s+15\s+browser\s+outranked by "code-review"/);
  const json = await cli('route', 'test', '代码审查', '--json');
  expect(JSON.parse(json.stdout)).toMatchObject({ rule: 'code-review', agents: ['claude-code'], step: 'rule' });
  const none = await cli('route', 'test', 'anything', '--cap', 'quantum');
  expect(none.code).toBe(1);
  expect(none.stdout).toMatch(/^✗ No online agent with capabilities \[quantum\] can take this task/);
});
