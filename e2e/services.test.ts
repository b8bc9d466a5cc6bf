import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceTestConfig, ServiceClient, startEcho } from '../electron/gateway/testing/service-helpers.js';
import { chromiumMissingReason, openPage } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// The Services view as a user sees it: two real echo services, their status and health, start
// and stop from the page, the live log tail and search, a proxied client disconnected from the
// page, and a service rule created and tested.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let api: { url: string; token: string };
const problems: string[] = [];

beforeAll(async () => {
  dashboard = await startDashboard(() => serviceTestConfig());
  api = { url: dashboard.gateway.url, token: dashboard.gateway.token };
  await startEcho(api, 'weather-1', { tags: ['weather'], config: { health_check_interval: 0.2 } });
  await startEcho(api, 'fast-1', { tags: ['high-performance'], config: { health_check_interval: 0.2 } });
  ({ browser, page } = await openPage({ width: 1280, height: 1100 }, problems));
  await page.goto(dashboard.gateway.loginLink());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);
const row = (name: string) => t(`service-row-${name}`);

it('lists each service with its status, health sparkline and load, and stops and starts it', async () => {
  await t('nav-services').click();
  await t('services-table').waitFor();
  await expect.poll(() => row('weather-1').getByTestId('service-status').textContent()).toBe('running');
  await expect.poll(() => row('weather-1').getByTestId('service-health').textContent()).toBe('healthy');
  await row('weather-1').getByTestId('health-sparkline').waitFor();
  await row('fast-1').getByTestId('service-stop').click();
  await expect.poll(() => row('fast-1').getByTestId('service-status').textContent()).toBe('stopped');
  await row('fast-1').getByTestId('service-start').click();
  await expect.poll(() => row('fast-1').getByTestId('service-status').textContent()).toBe('running');
});

it('tails and searches a service\'s logs, and disconnects its client', async () => {
  const client = await ServiceClient.open(api, 'service=weather-1');
  await client.event('connection_routed');
  await row('weather-1').getByTestId('service-open').click();
  await t('service-detail').waitFor();
  await expect.poll(() => t('service-logs').textContent()).toContain('client connected');
  client.send({ say: 'log-error' });
  // The live tail picks up a line printed after the page opened.
  await expect.poll(() => t('service-logs').textContent(), { timeout: 5_000 }).toContain('weather station unreachable');
  await t('log-search').fill('unreachable');
  await t('log-search').press('Enter');
  await expect.poll(() => t('log-line').count()).toBe(1);
  expect(await t('log-line').textContent()).toContain('ERROR');
  await expect.poll(() => t('connection-row').count(), { timeout: 5_000 }).toBe(1);
  await t('connection-disconnect').click();
  expect((await client.closed).code).toBe(1000);
  await page.screenshot({ path: join(artifactsDir, 'services-detail.png'), fullPage: true });
});

it('creates a service rule and tells which service a client would reach', async () => {
  await t('rule-name').fill('VIP routing');
  await t('rule-field').fill('header.x-user-tier');
  await t('rule-value').fill('vip');
  await t('rule-tags').fill('high-performance');
  await t('rule-create').click();
  await expect.poll(() => t('service-rule-row').count()).toBe(1);
  await t('tester-headers').fill('x-user-tier: vip');
  await t('tester-query').fill('tag=weather');
  await t('tester-run').click();
  await expect.poll(() => t('tester-result').textContent()).toMatch(/→ fast-1 .*least_connections \(rule VIP routing\)/);
  await t('tester-headers').fill('x-user-tier: basic');
  await t('tester-run').click();
  await expect.poll(() => t('tester-result').textContent()).toMatch(/→ weather-1 .*\(no rule matched\)/);
  // The rule is the proxy's too.
  const vip = await ServiceClient.open(api, 'tag=weather', { 'x-user-tier': 'vip' });
  expect((await vip.event('connection_routed')).data.target_service).toBe('fast-1');
  vip.close();
  await page.screenshot({ path: join(artifactsDir, 'services-rules.png'), fullPage: true });
  expect(problems).toEqual([]);
});
