import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiOf, taskMessage, until, waitForTask, type Api } from '../electron/gateway/testing/task-helpers.js';
import { chromiumMissingReason, openPage } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// Space memory as a user sees it: the backlog badge, a search over every space and inside one
// (results grouped by source, the match highlighted), the memory settings saved from the page,
// and the chunks a task was given shown on its page.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let api: Api;
let auth: string;
let ops: string;
let taskId: string;
const problems: string[] = [];

const review = 'Reviewer notes: the authentication module stores session tokens in plain text. Hash them before release.';
const runbook = 'Ops runbook: rotate the session tokens of the staging cluster every quarter.';

beforeAll(async () => {
  dashboard = await startDashboard((upstream) => ({
    providers: [{ id: 'local', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-e2e-memory-key', models: ['e2e-model'], embeddingModels: ['e2e-embed'] }],
    memory: { embeddingModel: 'e2e-embed' },
  }));
  api = apiOf(dashboard.gateway);
  auth = (await api('POST', '/spaces', { metadata: { name: 'auth-work' } })).body.space_id;
  ops = (await api('POST', '/spaces', { metadata: { name: 'ops' } })).body.space_id;
  await api('POST', `/spaces/${auth}/artifacts`, { name: 'review/auth.md', content: review });
  await api('POST', `/spaces/${ops}/artifacts`, { name: 'runbook.md', content: runbook });
  await until(async () => (await api('GET', '/memory/status')).body.embedded === 2, 10_000, 'both artifacts embedded');
  const submitted = await api('POST', '/tasks', taskMessage('hash the session tokens the reviewer flagged', 'echo', {}, { context: { shared_space_id: auth } }));
  taskId = submitted.body.task_id;
  await waitForTask(api, taskId);
  ({ browser, page } = await openPage({ width: 1280, height: 1000 }, problems));
  await page.goto(dashboard.gateway.loginLink());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);

it('searches every space from the Spaces view, grouped by source, with the backlog badge', async () => {
  await t('nav-spaces').click();
  const badge = t('memory-backlog');
  await expect.poll(() => badge.getAttribute('data-backlog')).toBe('0');
  await expect.poll(() => badge.textContent()).toMatch(/^\d+ chunks embedded$/);
  await t('memory-search-input').fill('session tokens');
  await t('memory-search-submit').click();
  await t('memory-results').waitFor();
  const artifacts = t('memory-group-artifact');
  await expect.poll(() => artifacts.getByTestId('memory-hit').count()).toBe(2);
  expect(await artifacts.getByTestId('memory-hit-space').allTextContents()).toEqual(expect.arrayContaining(['auth-work', 'ops']));
  expect(await artifacts.locator('mark').first().textContent()).toMatch(/session|tokens/i);
  // The task's prompt is a message of the space; its result (the echo agent's answer) a task result.
  expect(await t('memory-group-message').getByTestId('memory-hit').count()).toBeGreaterThan(0);
  expect(await t('memory-group-task').getByTestId('memory-hit').count()).toBeGreaterThan(0);
  // By meaning: a misspelt query no word of which is indexed still finds the review.
  await t('memory-search-input').fill('authentcation sesion');
  await t('memory-mode-vector').check();
  await t('memory-search-submit').click();
  await expect.poll(async () => (await t('memory-group-artifact').getByTestId('memory-snippet').first().textContent()) ?? '').toContain('authentication module');
  await page.screenshot({ path: join(artifactsDir, 'memory-search.png'), fullPage: true });
});

it('searches inside one space only', async () => {
  await page.goto(`${dashboard.gateway.url}/ui/#/spaces/${ops}`);
  await t('space-page').waitFor();
  await t('memory-search-input').fill('session tokens');
  await t('memory-search-submit').click();
  await t('memory-results').waitFor();
  expect(await t('memory-hit').count()).toBe(1);
  expect(await t('memory-snippet').textContent()).toContain('staging cluster');
});

it('saves the memory settings from the page', async () => {
  await t('nav-spaces').click();
  await t('memory-settings').locator('summary').click();
  await expect.poll(() => t('memory-embedding-model').inputValue()).toBe('e2e-embed');
  await t('memory-context-chunks').fill('3');
  await t('memory-settings-save').click();
  await t('memory-settings-saved').waitFor();
  expect(dashboard.gateway.services.config.get().memory).toMatchObject({ embeddingModel: 'e2e-embed', contextChunks: 3 });
});

it('shows on a task page the chunks of memory it was given', async () => {
  await page.goto(`${dashboard.gateway.url}/ui/#/tasks/${taskId}`);
  const panel = t('task-memory');
  await panel.waitFor();
  expect(await panel.getByTestId('task-memory-chunk').first().textContent()).toContain('artifact review/auth.md');
  await page.screenshot({ path: join(artifactsDir, 'memory-task.png'), fullPage: true });
  expect(problems).toEqual([]);
});
