import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, toolThenText } from '../models/clients/run-cli.js';
import { chatOnlyConfig, startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

// The real Codex and Claude Code CLIs as task agents. Their model calls go through this
// gateway (routeModelsThroughGateway) to a chat-only provider on the scripted upstream.
let h: Harness;
let api: Api;
const homes = { codex: mkdtempSync(join(tmpdir(), 'agent-codex-home-')), claude: mkdtempSync(join(tmpdir(), 'agent-claude-home-')) };

beforeAll(async () => {
  h = await startHarness({
    config: (url) => chatOnlyConfig(url, {
      agents: [
        { id: 'codex', adapter: 'codex', path: binPath('codex'), model: 'gpt-test-codex', routeModelsThroughGateway: true, env: { CODEX_HOME: homes.codex }, timeoutMs: 90_000 },
        {
          id: 'claude',
          adapter: 'claude-code',
          path: binPath('claude'),
          model: 'claude-via-mesh',
          routeModelsThroughGateway: true,
          allowedTools: ['Bash(echo:*)'],
          env: { HOME: homes.claude, ANTHROPIC_API_KEY: '' },
          timeoutMs: 90_000,
        },
      ],
    }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

function gitRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  writeFileSync(join(dir, 'README.md'), '# project\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return dir;
}

const cases = [
  { agent: 'codex', shell: { name: 'exec_command', arguments: { cmd: 'echo made-by-codex > created.txt' } }, made: 'made-by-codex' },
  { agent: 'claude', shell: { name: 'Bash', arguments: { command: 'echo made-by-claude > created.txt' } }, made: 'made-by-claude' },
] as const;

describe.each(cases)('$agent as an agent', ({ agent, shell, made }) => {
  it('completes a plain task with the scripted answer, its model calls in the usage ledger', async () => {
    h.upstream.reset();
    h.upstream.defaultReply = { text: `Plain answer for ${agent}`, usage: { input: 100, output: 4 } };
    const { body } = await api('POST', '/tasks', taskMessage('say hello', agent));
    const task = await waitForTask(api, body.task_id, undefined, 90_000);
    expect(task.status, task.error?.message).toBe('completed');
    expect(task.result).toBe(`Plain answer for ${agent}`);
    const rows = h.gateway.services.ledger.forTask(task.id);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ agentId: agent, provider: 'chatonly', status: 200 });
    expect(task.usage.inputTokens).toBe(rows.reduce((sum, row) => sum + row.inputTokens, 0));
    const usage = await api('GET', `/model-gateway/usage?group_by=agent`);
    expect(usage.body.groups.find((group: any) => group.key === agent).requests).toBeGreaterThanOrEqual(1);
  });

  it('runs the shell command the model asks for, in a fresh git worktree', async () => {
    h.upstream.reset();
    h.upstream.setHandler(toolThenText('make the file', shell, 'The file is there.'));
    const repo = gitRepo();
    const { body } = await api('POST', '/tasks', taskMessage('please make the file', agent, { cwd: repo, isolation: 'worktree' }));
    const task = await waitForTask(api, body.task_id, undefined, 90_000);
    expect(task.status, task.error?.message).toBe('completed');
    expect(task.result).toBe('The file is there.');
    expect(task.worktree.branch).toBe(`agentmesh/${task.id.slice('task_'.length, 'task_'.length + 8)}-please-make-the-file`);
    expect(readFileSync(join(task.worktree.path, 'created.txt'), 'utf8').trim()).toBe(made);
    expect(existsSync(join(repo, 'created.txt'))).toBe(false);
    expect(task.worktree.diffStat).toContain('created.txt');
    const events = (await api('GET', `/tasks/${task.id}/events`)).body.events.map((event: any) => event.body);
    expect(events.some((event: any) => (event.kind === 'command' || event.kind === 'tool') && JSON.stringify(event).includes('created.txt'))).toBe(true);
    expect(h.gateway.services.ledger.forTask(task.id).length).toBeGreaterThanOrEqual(2);
  });
});

it('refuses a task token on the management API and after its task ended', async () => {
  const { mintTaskToken } = await import('./task-token.js');
  const finished = (await api('GET', '/tasks?limit=1')).body[0];
  const token = mintTaskToken(h.token, finished.id);
  const headers = { authorization: `Bearer ${token}` };
  expect((await fetch(`${h.url}/tasks`, { headers })).status).toBe(401);
  expect((await fetch(`${h.v1}/models`, { headers })).status).toBe(401);
});
