import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeClis } from '../electron/gateway/testing/fake-clis.js';
import { freePort } from '../electron/gateway/testing/ports.js';
import { scriptAgent } from '../electron/gateway/testing/task-helpers.js';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// Daily use of the dashboard after first contact: the agents it found on PATH, what a task
// cost and where that figure comes from, a task refused for an offline agent, what is wrong
// with a provider or a route, and every model call in Usage → Requests.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const bin = mkdtempSync(join(tmpdir(), 'agentmesh-e2e-clis-'));

beforeAll(async () => {
  const stoppedPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: installFakeClis(bin, ['claude', 'codex']) };
  delete env.E2E_NOT_SET_KEY;
  dashboard = await startDashboard(
    (url) => ({
      detectAgents: true,
      providers: [
        { id: 'scripted', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-scripted-e2e', models: ['e2e-model'] },
        { id: 'deepseek', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: '${E2E_NOT_SET_KEY}', models: ['deepseek-chat'] },
        { id: 'stopped', type: 'openai-chat', baseUrl: `http://127.0.0.1:${stoppedPort}/v1`, models: ['llama'] },
      ],
      routes: [
        { match: 'e2e-*', to: ['scripted'] },
        { match: 'e2e-model', to: ['scripted'] },
        { match: 'via-chat', to: ['scripted:e2e-model'] },
        { match: 'with-fallback', to: ['stopped:llama', 'scripted:e2e-model'] },
      ],
      prices: { 'e2e-model': { input: 1, output: 2 } },
      logging: { bodies: true },
      agents: [
        scriptAgent('echo', 'echo-agent'),
        scriptAgent('routed', 'self-pricing-agent', { routeModelsThroughGateway: true, maxConcurrent: 2 }),
        scriptAgent('own', 'self-pricing-agent', { maxConcurrent: 2 }),
        { id: 'ghost', adapter: 'command', path: '/nonexistent/agent-binary' },
      ],
    }),
    { env },
  );
  dashboard.upstream.defaultReply = { text: 'ok', usage: { input: 1_000, output: 500 } };
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The refused dispatch answers 409 on purpose.
    if (message.type() === 'error' && !/409|Conflict/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.goto(dashboard.gateway.loginLink());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  rmSync(bin, { recursive: true, force: true });
});

const t = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(dashboard.gateway.url + path, {
    method,
    headers: { authorization: `Bearer ${dashboard.gateway.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as any;
};
const submit = async (target: string, options: Record<string, unknown> = {}) =>
  (await api('POST', '/tasks', { type: 'task', source: 'e2e', target, payload: { task: 'price the work', options } })).task_id as string;
const chat = (model: string) =>
  fetch(`${dashboard.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dashboard.gateway.token}`, 'content-type': 'application/json', 'user-agent': 'e2e-client/1.0' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello there' }] }),
  }).then((response) => response.text());

describe('Agents', () => {
  it('lists the CLIs found on PATH as detected agents, and remembers one turned off', async () => {
    await t('nav-agents').click();
    const claude = t('agent-card-claude');
    await claude.waitFor();
    expect(await claude.getByTestId('agent-detected').textContent()).toBe('detected');
    expect(await t('agent-card-echo').getByTestId('agent-detected').count()).toBe(0);
    await expect.poll(() => claude.getByTestId('agent-state').textContent()).toBe('online');
    await shot('agents-detected');
    // The switch's track lies over its checkbox: click the switch as a person does.
    await t('agent-card-codex').locator('label.switch').click();
    await expect.poll(() => t('agent-card-codex').getByTestId('agent-state').textContent()).toBe('disabled');
    await page.reload();
    await expect.poll(() => t('agent-card-codex').getByTestId('agent-state').textContent()).toBe('disabled');
  });

  it("says why Register agent cannot save, on the field", async () => {
    await t('agent-register').click();
    await t('register-agent-adapter').selectOption('command');
    await t('register-agent-save').click();
    await page.getByText('Id is required').waitFor();
    await page.getByText('Executable is required for a command agent').waitFor();
    await shot('register-agent-errors');
    await page.keyboard.press('Escape');
  });
});

describe('Tasks', () => {
  it("shows one cost per task and where it comes from, in the list and on the task page", async () => {
    const routed = await submit('routed');
    const own = await submit('own');
    await t('nav-tasks').click();
    const routedRow = t(`task-row-${routed}`);
    await expect.poll(() => routedRow.getByTestId('task-row-cost').textContent(), { timeout: 15_000 }).toBe('$0.0020gateway');
    await expect.poll(() => t(`task-row-${own}`).getByTestId('task-row-cost').textContent(), { timeout: 15_000 }).toBe('$0.00046agent-reported');
    await shot('tasks-cost-source');
    await routedRow.getByTestId('task-link').click();
    await expect.poll(() => t('task-cost').textContent()).toBe('$0.0020');
    expect(await t('task-cost-source').textContent()).toBe("Cost from the gateway's usage ledger.");
    await shot('task-cost-source');
  });

  it("sums a fan-out's children into the parent", async () => {
    const parent = await submit('gateway', { agents: ['routed', 'own'] });
    await page.goto(`${dashboard.gateway.url}/ui/#/tasks/${parent}`);
    await expect.poll(() => t('task-page').getByTestId('task-status').first().textContent(), { timeout: 15_000 }).toBe('completed');
    await expect.poll(() => t('task-cost').textContent()).toBe('$0.0025');
    expect(await t('task-cost-source').textContent()).toMatch(/summed from its agents/);
    expect(await t('subtask-routed').getByTestId('subtask-cost').textContent()).toBe('$0.0020');
    expect(await t('subtask-own').getByTestId('subtask-cost').textContent()).toBe('$0.00046');
    await shot('task-fan-out-cost');
  });

  it('refuses a task for an offline agent in quick dispatch, saying why', async () => {
    await page.goto(`${dashboard.gateway.url}/ui/#/dispatch`);
    await t('dispatch-input').fill('anything');
    await t('dispatch-agent').selectOption('ghost');
    await t('dispatch-send').click();
    await expect.poll(() => t('dispatch-error').textContent()).toBe("Agent 'ghost' is offline: its executable /nonexistent/agent-binary is missing or not executable");
    await shot('dispatch-offline');
  });
});

describe('Providers and routing', () => {
  it('shows an unset variable on its card, a stopped local server, and test results in one sentence', async () => {
    await page.goto(`${dashboard.gateway.url}/ui/#/providers`);
    const deepseek = t('provider-card-deepseek');
    await deepseek.waitFor();
    expect(await deepseek.getByTestId('provider-config-warning').textContent()).toBe('apiKey uses ${E2E_NOT_SET_KEY}, which is not set');
    expect(await deepseek.getByTestId('provider-health').textContent()).toBe('unavailable');
    const stopped = t('provider-card-stopped');
    await expect.poll(() => stopped.getByTestId('provider-balance').textContent(), { timeout: 10_000 }).toMatch(/nothing answers at 127\.0\.0\.1:\d+/);
    await expect.poll(() => t('provider-card-scripted').getByTestId('provider-balance').textContent(), { timeout: 10_000 }).toMatch(/local server/);
    const scripted = t('provider-card-scripted');
    await scripted.getByTestId('provider-test').click();
    await expect.poll(() => scripted.getByTestId('provider-test-result').textContent()).toMatch(/^Connected in \d+ ms, 1 model$/);
    await stopped.getByTestId('provider-test').click();
    await expect.poll(() => stopped.getByTestId('provider-test-result').textContent()).toMatch(/^Cannot connect/);
    await expect.poll(() => stopped.getByTestId('provider-health').textContent()).toBe('unavailable');
    await shot('providers-health');
  });

  it('says what is wrong in the Add provider form, on the field', async () => {
    await t('provider-add').click();
    await t('provider-base-url').fill('api.example.com/v1');
    await t('provider-save').click();
    await page.getByText('Id is required').waitFor();
    await page.getByText('Base URL must start with http:// or https://').waitFor();
    await shot('provider-form-errors');
    await page.keyboard.press('Escape');
  });

  it('warns about a model route an earlier one shadows', async () => {
    await t('nav-routing').click();
    const shadowed = t('route-rule-1').getByTestId('route-shadowed');
    await shadowed.waitFor();
    expect(await shadowed.textContent()).toMatch(/never matches: rule 1 \(e2e-\*\) comes first/);
    expect(await t('route-rule-0').getByTestId('route-shadowed').count()).toBe(0);
    await shot('routing-shadowed');
  });
});

describe('Usage → Requests', () => {
  it('lists every model call with its fallbacks, filters it, opens one, and shows new calls live', async () => {
    await chat('e2e-model');
    await chat('with-fallback');
    await chat('no-such-model');
    await t('nav-usage').click();
    await t('usage-tab').getByText('Requests').click();
    await t('requests-table').waitFor();
    const rows = t('request-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const fallback = rows.filter({ hasText: 'with-fallback' });
    expect(await fallback.getByTestId('request-fallbacks').textContent()).toBe('after stopped');
    await fallback.locator('button').first().click();
    await t('request-details').waitFor();
    expect(await t('request-details').textContent()).toMatch(/stopped:llama — /);
    expect(await t('request-body').textContent()).toContain('hello there');
    await shot('usage-requests');
    await t('requests-filter-status').selectOption('error');
    await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes('404'))).toBe(true);
    expect(await rows.count()).toBe(1);
    await t('requests-filter-status').selectOption('');
    const before = (await api('GET', '/model-gateway/requests?limit=500')).requests.length;
    await expect.poll(() => rows.count()).toBe(before);
    await chat('e2e-model');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 1);
    expect(problems).toEqual([]);
  });
});
