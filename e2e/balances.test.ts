import { join } from 'node:path';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// Balances, quota bars and the cost chart, as a user sees them in the Providers and Usage views.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dashboard = await startDashboard((url) => ({
    providers: [
      // DeepSeek's balance endpoint, served by the scripted upstream at its origin.
      { id: 'deepseek', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-deepseek-e2e', models: ['deepseek-chat'], balance: { preset: 'deepseek' } },
      // OpenRouter's credits endpoint: 25.75 of 100.50 used.
      { id: 'openrouter', type: 'openai-chat', baseUrl: `${url}/api/v1`, apiKey: 'sk-or-e2e', models: ['openrouter-model'], balance: { preset: 'openrouter' } },
      // Any other provider: a JSON path into its own balance endpoint.
      { id: 'generic', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-gen-e2e', models: ['generic-model'], balance: { url: `${url}/v1/user/info`, jsonPath: 'data.totalBalance', currency: 'CNY' } },
      { id: 'local', type: 'openai-chat', baseUrl: `${url}/v1`, models: ['local-model'] },
    ],
    prices: { 'deepseek-chat': { input: 0.27, output: 1.1 } },
  }));
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(dashboard.gateway.loginLink());
  // Balances are fetched in the background at start; make sure they are in before looking.
  await fetch(`${dashboard.gateway.url}/model-gateway/quota?refresh=1`, { headers: { authorization: `Bearer ${dashboard.gateway.token}` } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);

it('shows each provider\'s balance in the Providers view', async () => {
  await t('nav-providers').click();
  const deepseek = t('provider-card-deepseek');
  await deepseek.waitFor();
  await expect.poll(() => deepseek.getByTestId('provider-balance').textContent()).toMatch(/110(\.00)? CNY/);
  await expect.poll(() => t('provider-card-local').textContent()).toMatch(/local/i);
  await expect.poll(() => t('provider-card-generic').getByTestId('provider-balance').textContent()).toMatch(/88\.88/);
  const openrouter = t('provider-card-openrouter');
  await expect.poll(() => openrouter.getByTestId('provider-balance').textContent()).toMatch(/74\.75/);
  await expect.poll(() => openrouter.getByTestId('provider-quota').count()).toBe(1);
  await page.screenshot({ path: join(artifactsDir, 'providers-balances.png'), fullPage: true });
});

it('charts the cost of priced calls in the Usage view', async () => {
  const client = new OpenAI({ baseURL: `${dashboard.gateway.url}/v1`, apiKey: dashboard.gateway.token, maxRetries: 0 });
  dashboard.upstream.defaultReply = { text: 'priced answer', usage: { input: 1_000_000, output: 1_000_000 } };
  await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] });
  await t('nav-usage').click();
  await t('usage-chart').waitFor();
  // $0.27 input + $1.10 output per million.
  await expect.poll(() => t('usage-total-cost').textContent(), { timeout: 10_000 }).toMatch(/1\.37/);
  await page.screenshot({ path: join(artifactsDir, 'usage-cost.png'), fullPage: true });
});
