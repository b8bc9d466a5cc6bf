import { join } from 'node:path';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// A new user's first session in the browser face of a real gateway: add a provider, add a
// routing rule and test it, dispatch a task and watch it finish, cancel a long one, see
// usage appear. Screenshots of every view land in e2e/artifacts/ (ignored by git).
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  dashboard = await startDashboard();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/409|Conflict/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.goto(dashboard.gateway.loginLink());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });

describe('the dashboard in Chromium', () => {
  it('lands a new user on the app with the token out of the URL', async () => {
    await page.waitForURL(/\/ui\/#?\/?/);
    expect(page.url()).not.toContain('code=');
    expect(page.url()).not.toContain(dashboard.gateway.token);
    await t('nav-providers').click();
    await expect.poll(() => t('empty-state').count()).toBeGreaterThan(0);
    await expect.poll(() => t('empty-state').first().textContent()).toMatch(/provider/i);
    await shot('providers-empty');
  });

  it('adds a provider and tests its connection', async () => {
    await t('provider-add').click();
    await t('provider-id').fill('scripted');
    await t('provider-base-url').fill(`${dashboard.upstream.url}/v1`);
    await t('provider-key').fill('sk-e2e-secret-abcdef');
    await t('provider-models').locator('input').fill('e2e-model');
    await t('provider-models').locator('input').press('Enter');
    await shot('provider-form');
    await t('provider-save').click();
    const card = t('provider-card-scripted');
    await card.waitFor();
    expect(await card.getByTestId('provider-key-preview').textContent()).toContain('sk-…cdef');
    expect(await page.content()).not.toContain('sk-e2e-secret-abcdef');
    await card.getByTestId('provider-test').click();
    await expect.poll(() => card.getByTestId('provider-test-result').textContent()).toMatch(/Connected/);
    await shot('providers');
  });

  it('adds a routing rule and tests which chain serves a model', async () => {
    await t('nav-routing').click();
    await t('route-add').click();
    const rule = t('route-rule-0');
    await rule.getByTestId('route-match').fill('e2e-*');
    await rule.getByTestId('route-target-model').fill('e2e-model');
    await rule.getByTestId('route-target-add').click();
    await t('route-save').click();
    await expect.poll(() => dashboard.gateway.services.config.get().routes.map((route) => route.match)).toEqual(['e2e-*']);
    await t('route-test-input').fill('e2e-anything');
    await t('route-test-input').press('Enter');
    await expect.poll(() => t('route-test-result').textContent()).toMatch(/scripted/);
    await shot('routing');
  });

  it('dispatches a task from the quick-dispatch view and watches it complete in Tasks', async () => {
    await page.goto(`${dashboard.gateway.url}/ui/#/dispatch`);
    await t('dispatch-input').fill('write the changelog');
    await t('dispatch-agent').selectOption('echo');
    await t('dispatch-input').press('Enter');
    await t('dispatch-confirmation').waitFor();
    await shot('dispatch');
    await t('dispatch-task-link').click();
    await t('task-page').waitFor();
    await expect.poll(() => t('task-page').getByTestId('task-status').first().textContent(), { timeout: 15_000 }).toBe('completed');
    expect(await t('task-result').textContent()).toContain('done: write the changelog');
    expect(await t('task-events').textContent()).toContain('working on: write the changelog');
    await shot('task');
    await t('nav-tasks').click();
    await t('task-list').waitFor();
    expect(await t('task-list').textContent()).toContain('write the changelog');
    await shot('tasks');
  });

  it('cancels a long task', async () => {
    await t('nav-new-task').click();
    await t('dispatch-input').fill('a very long job');
    await t('dispatch-agent').selectOption('slow');
    await t('dispatch-send').click();
    await t('dispatch-task-link').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => t('task-page').getByTestId('task-status').first().textContent(), { timeout: 15_000 }).toBe('running');
    await t('task-cancel').click();
    if (await t('confirm-ok').isVisible()) await t('confirm-ok').click();
    await expect.poll(() => t('task-page').getByTestId('task-status').first().textContent(), { timeout: 15_000 }).toBe('cancelled');
    await shot('task-cancelled');
  });

  it('shows usage as it appears', async () => {
    await t('nav-usage').click();
    await t('usage-chart').waitFor();
    const client = new OpenAI({ baseURL: `${dashboard.gateway.url}/v1`, apiKey: dashboard.gateway.token, maxRetries: 0 });
    dashboard.upstream.defaultReply = { text: 'hello from the e2e model', usage: { input: 1200, output: 300 } };
    await client.chat.completions.create({ model: 'e2e-fast', messages: [{ role: 'user', content: 'hi' }] });
    await expect.poll(() => t('usage-totals').textContent(), { timeout: 10_000 }).toMatch(/e2e-fast|scripted/);
    await shot('usage');
  });

  it('renders the other views', async () => {
    for (const view of ['agents', 'spaces', 'settings']) {
      await t(`nav-${view}`).click();
      await page.waitForLoadState('networkidle');
      await shot(view);
    }
    expect(await t('agent-list').count()).toBe(0);
    await t('nav-agents').click();
    await t('agent-card-echo').waitFor();
    expect(problems).toEqual([]);
  });
});
