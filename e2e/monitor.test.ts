import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rpcClient, type RpcClient } from '../electron/gateway/testing/rpc-client.js';
import { chromiumMissingReason, openPage } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// The Monitor view as a user sees it: charts of an agent's samples, the locks held, env presets
// switched from the page (the JSON-RPC face sees the switch), and the audit log.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let rpc: RpcClient;
const problems: string[] = [];

beforeAll(async () => {
  dashboard = await startDashboard((upstream) => ({
    providers: [{ id: 'local', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-e2e-monitor-key', models: ['e2e-model'] }],
    routes: [{ match: '*', to: ['local:e2e-model'] }],
    presets: { 'anthropic-claude-sonnet': { description: 'Sonnet', variables: { ANTHROPIC_MODEL: 'claude-sonnet-4-5' } }, 'openai-gpt4': { variables: { OPENAI_MODEL: 'gpt-4o' } } },
    metrics: { sampleIntervalS: 0 },
  }));
  rpc = rpcClient(dashboard.gateway.url, dashboard.gateway.token);
  await rpc.call('agent.register', { agent_id: 'claude-001', adapter_type: 'claude', config: { model: 'claude-x' } });
  await rpc.call('task.execute', { agent_ids: ['echo'], task: { prompt: 'hello' } });
  const sampler = dashboard.gateway.services.rpc.services.sampler;
  await sampler.tick();
  await sampler.tick();
  await rpc.call('coordination.lock', { lock_name: 'release-branch', agent_id: 'echo', ttl: 600 });
  ({ browser, page } = await openPage({ width: 1280, height: 1000 }, problems));
  await page.goto(dashboard.gateway.loginLink());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);

it('charts an agent\'s samples and lists the locks held', async () => {
  await t('nav-monitor').click();
  await t('monitor-metrics').waitFor();
  await t('monitor-agent').selectOption('echo');
  await expect.poll(() => t('metric-latest-response_time_ms').textContent()).toMatch(/\d+ ms/);
  // An idle command agent has no process to measure: no made-up 0.
  expect(await t('metric-latest-cpu_percent').textContent()).toBe('n/a');
  await t('monitor-agent').selectOption('gateway');
  await expect.poll(() => t('metric-latest-memory_mb').textContent()).toMatch(/\d+(\.\d)? MB/);
  const lock = t('lock-row');
  await lock.waitFor();
  expect(await lock.textContent()).toContain('release-branch');
  expect(await lock.textContent()).toContain('echo');
});

it('switches an agent to a preset from the page, with a snapshot to roll back to', async () => {
  const row = t('env-row-echo');
  await row.waitFor();
  expect(await row.getByTestId('env-active').textContent()).toBe('none');
  await row.getByTestId('env-select').selectOption('openai-gpt4');
  await row.getByTestId('env-switch').click();
  await expect.poll(() => row.getByTestId('env-active').textContent()).toBe('openai-gpt4');
  const seen = await rpc.call('env.list_snapshots', { agent_id: 'echo' });
  expect(seen.total_count).toBe(1);
  await page.screenshot({ path: join(artifactsDir, 'monitor.png'), fullPage: true });
  await t(`env-rollback-${seen.snapshots[0].snapshot_id}`).click();
  await expect.poll(() => row.getByTestId('env-active').textContent()).toBe('none');
});

it('shows the audit log, the page\'s own switch included', async () => {
  await expect.poll(async () => (await t('monitor-audit').textContent()) ?? '').toContain('env.switch');
  const text = (await t('monitor-audit').textContent()) ?? '';
  expect(text).toContain('ui session');
  expect(text).toContain('agent.register');
  expect(text).toContain('management token');
  expect(problems).toEqual([]);
});
