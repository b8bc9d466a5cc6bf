import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scriptAgent } from '../electron/gateway/testing/task-helpers.js';
import { chromiumMissingReason, openPage } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// The Orchestrate page as a user drives it: a message to the orchestrator, the live tree of
// what it dispatched, and the run's controls; and the catalog layers on the Agents view. The
// orchestrator is a command agent that calls the runtime tools over MCP, as Codex would.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  dashboard = await startDashboard(() => ({
    agents: [
      scriptAgent('boss', 'orchestrator-agent', {}, []),
      scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] }),
      scriptAgent('worker', 'session-agent', { capabilities: ['build'] }),
    ],
    orchestration: { orchestrator: 'boss' },
  }));
  ({ browser, page } = await openPage({ width: 1280, height: 900 }, problems));
  await page.goto(dashboard.gateway.loginLink());
  await page.waitForURL(/\/ui\//);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
/** What the scripted orchestrator reads from its message: the tool call to make. */
const dispatchTo = (targetAgentId: string, task: string) => JSON.stringify({ tool: 'agent.dispatch', arguments: { targetAgentId, task } });
/** The tree's node of an agent's task (its own row, not an ancestor's that contains it). */
const node = (agent: string) => t('run-tree').locator('[data-testid="tree-node"]').filter({ has: page.locator(':scope > .tree-row > .tree-agent', { hasText: new RegExp(`^${agent}$`) }) });
const pausedBadge = (agent: string) => node(agent).locator(':scope > .tree-row').getByText('paused', { exact: true });

it('sends a message to the orchestrator and shows what it dispatched as a tree, with the child result and the cost', async () => {
  await t('nav-orchestrate').click();
  await expect.poll(() => t('orchestrate-message').getAttribute('placeholder')).toContain('Plan this change');
  await expect.poll(() => page.locator('label', { hasText: 'Message to boss' }).count()).toBe(1);
  await t('orchestrate-message').fill(dispatchTo('echo', 'write the release notes'));
  await t('orchestrate-session').fill('release-2.4');
  await t('orchestrate-message').press('Enter');
  await node('echo').waitFor();
  await page.locator('[data-testid="run-tree"][data-status="completed"]').waitFor({ timeout: 20_000 });
  expect(await node('echo').getAttribute('data-status')).toBe('completed');
  expect(await node('boss').locator('> [data-testid="tree-result"]').textContent()).toMatch(/^child said: done: .*write the release notes$/s);
  expect(await t('run-total-cost').textContent()).toContain('$');
  expect(await t('run-item').count()).toBe(1);
  expect(await t('run-cancel').isDisabled()).toBe(true);
  await shot('orchestrate-tree');
});

it('pauses, resumes and hard-stops a run that is still working', async () => {
  await t('orchestrate-message').fill(dispatchTo('worker', 'a long build'));
  await t('orchestrate-send').click();
  await page.locator('[data-testid="tree-node"][data-status="running"] .tree-agent', { hasText: /^worker$/ }).waitFor({ timeout: 20_000 });
  expect(await t('run-item').count()).toBe(2);

  await t('run-pause').click();
  await pausedBadge('worker').waitFor();
  // The tree follows the events; the notice follows the control call's answer, a moment later.
  await expect.poll(() => t('run-control-notice').textContent()).toContain("agent 'worker' paused");
  await shot('orchestrate-paused');
  await t('run-resume').click();
  await expect.poll(() => pausedBadge('worker').count()).toBe(0);

  await t('run-hard-stop').click();
  await page.locator('[data-testid="run-tree"][data-status="cancelled"]').waitFor({ timeout: 10_000 });
  expect(await node('worker').getAttribute('data-status')).toBe('cancelled');
  await expect.poll(() => t('run-control-notice').textContent()).toContain('killed at once');
  await shot('orchestrate-hard-stopped');
});

it('shows the catalog layers on the Agents view', async () => {
  await t('nav-agents').click();
  await t('catalog-table').waitFor();
  expect(await t('catalog-table').getAttribute('data-layer')).toBe('summary');
  expect(await t('catalog-row-boss').getByTestId('catalog-role').textContent()).toBe('orchestrator');
  await t('catalog-layer-execution').check();
  await page.locator('[data-testid="catalog-table"][data-layer="execution"]').waitFor();
  expect(await t('catalog-row-boss').getByTestId('catalog-tools').textContent()).toContain('agent.dispatch');
  await t('catalog-layer-governance').check();
  await page.locator('[data-testid="catalog-table"][data-layer="governance"]').waitFor();
  expect(await t('catalog-row-echo').getByTestId('catalog-tools').count()).toBe(0);
  expect(await t('catalog-row-echo').getByTestId('catalog-allow').count()).toBe(1);
  await t('catalog-layer-full').check();
  await page.locator('[data-testid="catalog-table"][data-layer="full"]').waitFor();
  expect(await t('catalog-row-echo').getByTestId('catalog-tools').count()).toBe(1);
  await t('catalog-panel').scrollIntoViewIfNeeded();
  await shot('agents-catalog');
  expect(problems).toEqual([]);
});
