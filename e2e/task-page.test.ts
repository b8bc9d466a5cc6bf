import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptAgent } from '../electron/gateway/testing/task-helpers.js';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// A task page as a user follows one: the answer rendered from markdown (safely), the New
// task dialog getting out of the way, live progress while the agent works, and an honest
// ending for cancelled and failed tasks. Screenshots land in e2e/artifacts/.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const steps = mkdtempSync(join(tmpdir(), 'agentmesh-e2e-steps-'));

beforeAll(async () => {
  dashboard = await startDashboard(() => ({
    agents: [
      scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] }),
      scriptAgent('slow', 'slow-agent', { capabilities: ['slow'] }, ['{prompt}', '60']),
      scriptAgent('crash', 'crash-agent'),
      scriptAgent('stepper', 'progress-agent', {}, ['{prompt}', join(steps, '{taskId}')]),
    ],
  }));
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`a script opened a dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
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
const taskIdOfPage = async () => (await t('task-page').getAttribute('data-task-id')) as string;
const step = (taskId: string, name: string) => writeFileSync(join(steps, `${taskId}.${name}`), '');

/** Sends a task from the New task dialog and follows its "Task submitted" link. */
async function dispatch(text: string, agent: string) {
  await t('nav-new-task').click();
  await t('dispatch-input').fill(text);
  await t('dispatch-agent').selectOption(agent);
  await t('dispatch-send').click();
  await t('dispatch-task-link').click();
  await t('task-page').waitFor();
}

const markdownPrompt = [
  'summarise the release',
  '## Release notes',
  '- **faster** start-up',
  '- fixed `--json` output',
  '',
  '```sh',
  'npm test',
  '```',
  '',
  'See [the changelog](https://example.com/changelog) or [this](javascript:window.__pwned=1) <img src=x onerror="window.__pwned=1">',
].join('\n');

describe('a task page', () => {
  it('closes the New task dialog when its "Task submitted" link is followed', async () => {
    await dispatch(markdownPrompt, 'echo');
    expect(await t('dispatch-dialog').count()).toBe(0);
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('completed');
  });

  it('renders the result from markdown, with no HTML and only http(s) links', async () => {
    const result = t('task-result');
    await result.waitFor();
    expect(await result.locator('h4').textContent()).toBe('Release notes');
    expect(await result.locator('li').allTextContents()).toEqual(['faster start-up', 'fixed --json output']);
    expect(await result.locator('li strong').textContent()).toBe('faster');
    expect(await result.locator('pre code').textContent()).toBe('npm test');
    const links = await result.locator('a').evaluateAll((anchors) => anchors.map((anchor) => [anchor.textContent, anchor.getAttribute('href'), anchor.getAttribute('rel')]));
    expect(links).toEqual([['the changelog', 'https://example.com/changelog', 'noopener noreferrer']]);
    expect(await result.textContent()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await shot('task-markdown-result');
  });

  it('shows the final answer once, in the result card', async () => {
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text.split('faster start-up').length - 1).toBe(1);
    expect(await t('task-events').locator('[data-kind="result"]').count()).toBe(0);
  });

  it('shows a running task\'s progress: what it does now, elapsed time ticking, last activity', async () => {
    await dispatch('make the tests pass', 'stepper');
    const taskId = await taskIdOfPage();
    await expect.poll(() => t('task-activity').getAttribute('data-activity'), { timeout: 15_000 }).toBe('model');
    expect(await t('task-activity').textContent()).toContain('Waiting for the model');
    const firstElapsed = await t('task-elapsed').textContent();
    await expect.poll(() => t('task-elapsed').textContent(), { timeout: 5_000 }).not.toBe(firstElapsed);
    expect(await t('task-last-activity').textContent()).toMatch(/just now|\d+s ago/);
    // Codex-style notices on stderr read as plain output, not as warnings.
    const notice = t('task-events').locator('.log-line', { hasText: 'Reading prompt from stdin...' });
    expect(await notice.getAttribute('data-tone')).toBe('plain');
    const [own, block] = await notice.evaluate((line) => {
      const style = (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle;
      return [style(line).color, style(line.parentElement).color];
    });
    expect(own).toBe(block);
    await shot('task-progress-model');

    step(taskId, 'run-command');
    await expect.poll(() => t('task-activity').getAttribute('data-activity'), { timeout: 10_000 }).toBe('command');
    expect(await t('task-activity').textContent()).toContain('Running a command');
    expect(await t('task-activity-command').textContent()).toBe('npm test');
    await shot('task-progress-command');
  });

  it('links a busy agent\'s card to the task it is working on', async () => {
    const taskId = await taskIdOfPage();
    await t('nav-agents').click();
    const card = t('agent-card-stepper');
    await expect.poll(() => card.getByTestId('agent-state').textContent(), { timeout: 10_000 }).toBe('busy');
    const link = card.getByTestId('agent-running-task');
    expect(await link.textContent()).toBe('make the tests pass');
    await shot('agent-busy-link');
    await link.click();
    await expect.poll(taskIdOfPage).toBe(taskId);

    step(taskId, 'command-done');
    step(taskId, 'finish');
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('completed');
    expect(await t('task-progress').count()).toBe(0);
    expect(await t('task-result').textContent()).toBe('finished: make the tests pass');
    await t('nav-agents').click();
    await expect.poll(() => card.getByTestId('agent-running-tasks').count(), { timeout: 10_000 }).toBe(0);
  });

  it('shows a cancel the user chose as a plain note, with no red box and no empty row', async () => {
    await dispatch('a very long job', 'slow');
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('running');
    await t('task-cancel').click();
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('cancelled');
    await t('task-cancelled').waitFor();
    expect(await t('task-error').count()).toBe(0);
    expect(await page.locator('.inline-error, .event-result-error').count()).toBe(0);
    const rows = await t('task-events').getByTestId('task-event').allInnerTexts();
    expect(rows.every((row) => row.replace(/^\d\d:\d\d:\d\d/, '').trim().length > 0)).toBe(true);
    await shot('task-cancelled-note');
  });

  it('shows a failure once, as an error, without an empty result row', async () => {
    await dispatch('break things', 'crash');
    await expect.poll(statusOfPage, { timeout: 15_000 }).toBe('failed');
    expect(await t('task-error').textContent()).toBe('the agent exited with code 3: fatal: could not open the project');
    expect(await t('task-events').locator('[data-kind="result"]').count()).toBe(0);
    expect(await t('task-events').locator('.log-line', { hasText: 'fatal: could not open the project' }).getAttribute('data-tone')).toBe('danger');
    await shot('task-failed');
    expect(problems).toEqual([]);
  });
});
