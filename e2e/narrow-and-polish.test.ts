import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// The dashboard in a narrow browser window (420 px, a phone or a side-by-side window), and
// the words a browser user reads: nothing about a tray they do not have, and how Codex gets
// the gateway's token.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const width = 420;

beforeAll(async () => {
  dashboard = await startDashboard();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width, height: 860 } })).newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(dashboard.gateway.loginLink());
  await page.waitForURL(/\/ui\//);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `narrow-${name}.png`), fullPage: true });
const open = async (hash: string, ready: string) => {
  await page.goto(`${dashboard.gateway.url}/ui/#/${hash}`);
  await t(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
};
/** How far the page can be scrolled sideways, and the widest elements that make it so. */
const overflow = () =>
  page.evaluate((limit) => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelectorAll(selector: string): ArrayLike<{ getBoundingClientRect(): { right: number }; className: unknown; tagName: string; getAttribute(name: string): string | null }> } }).document;
    const wide = Array.from(doc.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > limit + 1)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.className)}[${element.getAttribute('data-testid') ?? ''}]`);
    return { scroll: doc.documentElement.scrollWidth - limit, wide };
  }, width);

describe('words a browser user reads', () => {
  it('the Tasks empty state does not mention the tray in a browser', async () => {
    await open('tasks', 'empty-state');
    const text = await t('empty-state').textContent();
    expect(text).toContain('agentmesh task');
    expect(text).not.toMatch(/tray/i);
  });

  it('the Settings text about Codex says the token is read from an environment variable', async () => {
    await open('settings', 'settings-connect-codex');
    const row = t('settings-connect-codex').locator('xpath=ancestor::div[contains(@class, "connect-row")]');
    expect(await row.textContent()).toMatch(/reads the gateway token from the AGENTMESH_TOKEN environment variable/);
  });
});

describe(`a ${width} px window`, () => {
  it('has no horizontal overflow on any view', async () => {
    const submitted = await fetch(`${dashboard.gateway.url}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dashboard.gateway.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'task', source: 'e2e', target: 'echo', payload: { task: 'a task with a long unbroken word: supercalifragilisticexpialidocious-and-then-some-more-text-that-does-not-wrap' } }),
    });
    const { task_id: taskId } = (await submitted.json()) as { task_id: string };
    const space = await fetch(`${dashboard.gateway.url}/spaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dashboard.gateway.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'narrow-space' } }),
    });
    const { space_id: spaceId } = (await space.json()) as { space_id: string };

    const views: [string, string, string][] = [
      ['agents', 'agents', 'agent-card-echo'],
      ['tasks', 'tasks', 'task-list'],
      ['task', `tasks/${taskId}`, 'task-result'],
      ['providers', 'providers', 'provider-add'],
      ['routing', 'routing', 'route-add'],
      ['usage', 'usage', 'usage-chart'],
      ['spaces', 'spaces', 'space-list'],
      ['space', `spaces/${spaceId}`, 'space-page'],
      ['settings', 'settings', 'settings-url'],
      ['dispatch', 'dispatch', 'dispatch-form'],
    ];
    const found: Record<string, unknown> = {};
    for (const [name, hash, ready] of views) {
      await open(hash, ready);
      const { scroll, wide } = await overflow();
      if (scroll > 0) found[name] = { scroll, wide };
      await shot(name);
    }
    await open('tasks', 'task-list');
    await t('nav-new-task').click();
    await t('dispatch-options').locator('summary').click();
    await t('dispatch-agent').selectOption({ label: 'Several agents…' });
    const dialog = await overflow();
    if (dialog.scroll > 0) found['new task dialog'] = dialog;
    await shot('new-task-dialog');
    expect(found).toEqual({});
    expect(problems).toEqual([]);
  });
});
