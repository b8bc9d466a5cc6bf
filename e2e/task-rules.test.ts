import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// The task-rule tester on the Routing view: which agent a task for the gateway goes to, and why.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dashboard = await startDashboard(() => ({
    routing: {
      defaultAgent: 'echo',
      rules: [
        { name: 'long-jobs', keywords: ['overnight', '通宵'], agent: 'slow', priority: 20 },
        { name: 'docs', keywords: ['docs', 'readme'], agent: 'echo', priority: 10 },
      ],
    },
  }));
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await page.goto(dashboard.gateway.loginLink());
  await page.waitForURL(/\/ui\/#?\/?/);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);

it('shows which rule sends a task where, the rules it passed over, and the default agent otherwise', async () => {
  await t('nav-routing').click();
  await t('task-rule-test-input').fill('update the README overnight');
  await t('task-rule-test-submit').click();
  await expect.poll(() => t('task-rule-test-agents').textContent()).toBe('slow');
  expect(await t('task-rule-test-reason').textContent()).toBe('rule "long-jobs" (priority 20) matched "overnight"');
  const matches = await t('task-rule-test-match').allTextContents();
  expect(matches).toEqual([expect.stringMatching(/^long-jobs.*chosen/), expect.stringMatching(/^docs.*outranked by "long-jobs"/)]);
  await page.screenshot({ path: join(artifactsDir, 'task-rules.png'), fullPage: true });

  await t('task-rule-test-input').fill('plan the week');
  await t('task-rule-test-input').press('Enter');
  await expect.poll(() => t('task-rule-test-reason').textContent()).toBe('no rule matched; routing.defaultAgent is echo');
  expect(await t('task-rule-test-agents').textContent()).toBe('echo');
});
