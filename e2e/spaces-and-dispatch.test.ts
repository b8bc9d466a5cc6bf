import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptAgent } from '../electron/gateway/testing/task-helpers.js';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// Spaces as a user works with them (created from the CLI with a name, opened in the
// dashboard, tasks sent in them), and the New task dialog's options: space, capabilities,
// timeout, worktree isolation, and fan-out to several agents in parallel or in sequence.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

const cliBin = fileURLToPath(new URL('../bin/agentmesh.mjs', import.meta.url));
let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  dashboard = await startDashboard(() => ({
    agents: [
      scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] }),
      scriptAgent('echo2', 'echo-agent', { capabilities: ['review'] }),
      scriptAgent('slow', 'slow-agent', { capabilities: ['slow'] }, ['{prompt}', '60']),
    ],
  }));
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(dashboard.gateway.loginLink());
  await page.waitForURL(/\/ui\//);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
const statusOfPage = () => t('task-page').getByTestId('task-status').first().textContent();
const fact = (label: string) => t('task-page').locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd').textContent();

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [cliBin, ...args, '--url', dashboard.gateway.url, '--token', dashboard.gateway.token]);
  return stdout.trim();
}

async function send(text: string, setUp: () => Promise<void> = async () => {}) {
  await t('dispatch-input').fill(text);
  await setUp();
  await t('dispatch-send').click();
  await t('dispatch-task-link').click();
  await t('task-page').waitFor();
}

describe('spaces', () => {
  let spaceId: string;

  it('shows a space created with `agentmesh space create --meta name=X` by its name', async () => {
    spaceId = await cli('space', 'create', '--meta', 'name=release-notes', '--meta', 'owner=docs');
    expect(spaceId).toMatch(/^space_/);
    await t('nav-spaces').click();
    const link = t('space-list').getByTestId('space-link');
    await expect.poll(() => link.first().textContent()).toBe('release-notes');
    await link.first().click();
    await expect.poll(() => t('space-title').textContent()).toBe('release-notes');
    await t('space-history-empty').waitFor();
    await shot('space-empty');
  });

  it('sends a task in the space from "New task in this space"', async () => {
    await t('space-new-task').click();
    expect(await t('dispatch-space').inputValue()).toBe(spaceId);
    await send('draft the release notes', () => t('dispatch-agent').selectOption('echo').then(() => undefined));
    expect(await t('dispatch-dialog').count()).toBe(0);
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('completed');
    expect(await fact('Space')).toBe(spaceId);
  });

  it('opens to its history, newest first, and its tasks', async () => {
    await page.goto(`${dashboard.gateway.url}/ui/#/spaces/${spaceId}`);
    const entries = t('space-history').getByTestId('space-entry');
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(3);
    const kinds = await entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    // The answer came last, so it is first; the prompt that started it is last.
    expect(kinds[0]).toBe('message');
    expect(await entries.nth(0).textContent()).toContain('echo answered');
    expect(await entries.nth(0).textContent()).toContain('done: draft the release notes');
    expect(kinds).toContain('artifact');
    expect(await t('space-history').getByTestId('space-artifact-name').textContent()).toBe('notes.md');
    expect(await entries.nth(2).textContent()).toContain('Task sent from the dashboard');
    expect(await t('space-tasks').getByTestId('space-task').allInnerTexts()).toEqual([expect.stringMatching(/completed\s+draft the release notes\s+echo · /)]);
    await shot('space-history');
  });

  it('refreshes the open space when one of its tasks ends', async () => {
    await cli('to', 'echo', 'polish the notes', '--space', spaceId);
    const entries = t('space-history').getByTestId('space-entry');
    await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(6);
    expect(await entries.nth(0).textContent()).toContain('polish the notes');
  });
});

describe('the New task dialog', () => {
  it('fans a task out to several agents, one after another, and renders every answer', async () => {
    await t('nav-new-task').click();
    await send('review the diff', async () => {
      await t('dispatch-agent').selectOption({ label: 'Several agents…' });
      await t('dispatch-fan-out-echo').check();
      await t('dispatch-fan-out-echo2').check();
      await t('dispatch-mode-sequential').check();
      await shot('dispatch-fan-out');
    });
    await expect.poll(statusOfPage, { timeout: 20_000 }).toBe('completed');
    const result = t('task-result');
    expect(await result.locator('h4').allTextContents()).toEqual(['echo (completed)', 'echo2 (completed)']);
    expect(await result.textContent()).not.toContain('##');
    const subtasks = await page.locator('.subtasks a').allTextContents();
    expect(subtasks).toEqual(['echo', 'echo2']);
    await shot('task-fan-out');
  });

  it('routes by the capabilities asked for', async () => {
    await t('nav-new-task').click();
    await send('check the wording', async () => {
      await t('dispatch-options').locator('summary').click();
      const chips = t('dispatch-capabilities').locator('input');
      await chips.fill('review');
      await chips.press('Enter');
    });
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('completed');
    expect(await fact('Agent')).toBe('echo2');
  });

  it('stops the agent after the timeout given in minutes', async () => {
    await t('nav-new-task').click();
    await send('a job that takes too long', async () => {
      await t('dispatch-agent').selectOption('slow');
      await t('dispatch-options').locator('summary').click();
      await t('dispatch-timeout').fill('0.02');
    });
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('timeout');
    expect(await t('task-error').textContent()).toMatch(/^timed out after \d+s$/);
  });

  it('runs a task in a fresh git worktree on a branch named after it', async () => {
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'agentmesh-e2e-repo-')));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=e2e', '-c', 'user.email=e2e@agentmesh.invalid', ...args]);
    git('init', '-q');
    writeFileSync(join(repo, 'README.md'), '# demo\n');
    git('add', '-A');
    git('commit', '-qm', 'initial');
    await t('nav-new-task').click();
    await send('Add a changelog entry for 2.4', async () => {
      await t('dispatch-agent').selectOption('echo');
      await t('dispatch-options').locator('summary').click();
      await t('dispatch-cwd').fill(repo);
      await t('dispatch-worktree').check();
    });
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('completed');
    const branch = await t('task-worktree').locator('dt', { hasText: 'Branch' }).locator('xpath=following-sibling::dd').textContent();
    const taskId = (await t('task-page').getAttribute('data-task-id'))!;
    expect(branch).toBe(`agentmesh/${taskId.slice(5, 13)}-add-a-changelog-entry-for-2-4`);
    expect(execFileSync('git', ['-C', repo, 'branch', '--list', 'agentmesh/*'], { encoding: 'utf8' })).toContain(branch);
    await shot('task-worktree');
    expect(problems).toEqual([]);
  });
});
