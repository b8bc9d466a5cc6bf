import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GatewayClient } from '../clients/typescript/index.js';
import { chromiumMissingReason, openPage } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// Agents that connect over the WebSocket hub, as a user sees them in the dashboard: their
// cards beside the CLI agents, their conversation appearing live, a task sent to one.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let research: GatewayClient;
let writer: GatewayClient;
const problems: string[] = [];

beforeAll(async () => {
  dashboard = await startDashboard(() => ({ hub: { heartbeatInterval: 1, heartbeatTimeout: 5 } }));
  const gatewayUrl = dashboard.gateway.url.replace('http', 'ws');
  const token = dashboard.gateway.token;
  research = new GatewayClient({
    gatewayUrl,
    token,
    agentId: 'research-agent',
    agentName: 'Research Agent',
    capabilities: ['search', 'analyze'],
    card: { agent_type: 'analyst', description: 'Finds and reads papers', version: '1.0.0', owner: { user_id: 'user-123', device_id: 'device-456' } },
  });
  writer = new GatewayClient({ gatewayUrl, token, agentId: 'writer-agent', agentName: 'Writer', capabilities: ['write'] });
  writer.onMessage((message) => `summary of ${message.content[0]?.text}`);
  writer.onTask(async (task, { progress }) => {
    progress({ text: 'drafting', percent: 40 });
    return `draft: ${task.prompt}`;
  });
  await Promise.all([research.connect(), writer.connect()]);
  ({ browser, page } = await openPage({ width: 1280, height: 900 }, problems));
  await page.goto(dashboard.gateway.loginLink());
}, 60_000);
afterAll(async () => {
  await Promise.all([research?.close(), writer?.close()]);
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);

it('shows remote agents beside the CLI agents, with their card, connection and heartbeat', async () => {
  await t('nav-agents').click();
  const card = t('agent-card-research-agent');
  await card.waitFor();
  await t('agent-card-echo').waitFor();
  expect(await card.getByTestId('agent-kind').textContent()).toBe('remote');
  expect(await card.getByTestId('agent-state').textContent()).toBe('online');
  expect(await card.getByTestId('agent-card-description').textContent()).toBe('Finds and reads papers');
  expect(await card.getByTestId('agent-card-type').textContent()).toMatch(/analyst.*v1\.0\.0/);
  expect(await card.getByTestId('agent-card-owner').textContent()).toBe('user-123 · device-456');
  expect(await card.getByTestId('agent-remote-connected').textContent()).toMatch(/now|second/);
  expect(await card.getByTestId('agent-remote-heartbeat').textContent()).toMatch(/now|second/);
  expect(await card.textContent()).toContain('search');
  expect(await t('agent-card-echo').getByTestId('agent-detect').count()).toBe(1);
  expect(await card.getByTestId('agent-detect').count()).toBe(0);
});

it('shows a conversation between two agents as it happens', async () => {
  await t('conversations').waitFor();
  const answer = await research.request('writer-agent', 'the paper on attention');
  expect(answer.result).toBe('summary of the paper on attention');
  const messages = t('conversation-messages');
  await expect.poll(() => messages.getByTestId('hub-message').count(), { timeout: 10_000 }).toBe(2);
  expect(await messages.textContent()).toContain('the paper on attention');
  expect(await messages.textContent()).toContain('summary of the paper on attention');
  expect(await t(`conversation-${answer.conversation_id}`).textContent()).toMatch(/research-agent ↔ writer-agent/);
  // More of the same conversation appears under it; a new one at the top of the list.
  await research.request('writer-agent', 'and the follow-up', { conversationId: answer.conversation_id });
  await expect.poll(() => messages.getByTestId('hub-message').count(), { timeout: 10_000 }).toBe(4);
  expect(await messages.textContent()).toContain('summary of and the follow-up');
  const other = await research.send('writer-agent', 'a new topic');
  await t(`conversation-${other.conversation_id}`).waitFor();
  await page.screenshot({ path: join(artifactsDir, 'hub-agents.png'), fullPage: true });
});

it('dispatches a task to a remote agent and shows its progress and result', async () => {
  await t('agent-card-writer-agent').getByTestId('agent-dispatch').click();
  await t('dispatch-input').fill('a release note');
  await t('dispatch-send').click();
  await t('dispatch-task-link').click();
  await page.keyboard.press('Escape');
  await expect.poll(() => t('task-page').getByTestId('task-status').first().textContent(), { timeout: 15_000 }).toBe('completed');
  expect(await t('task-result').textContent()).toContain('draft: a release note');
  expect(await t('task-events').textContent()).toContain('drafting');
  await page.screenshot({ path: join(artifactsDir, 'hub-task.png'), fullPage: true });
  expect(problems).toEqual([]);
});
