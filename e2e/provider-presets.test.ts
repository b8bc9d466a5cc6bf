import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// Add provider from a preset: picking DeepSeek fills everything but the key.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dashboard = await startDashboard();
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

it('fills the Add provider form from a preset, leaving only the key to paste', async () => {
  await t('nav-providers').click();
  await t('provider-add').click();
  await t('provider-preset').selectOption('ollama');
  expect(await page.getByText('A local server: no key needed.').count()).toBe(1);
  await t('provider-preset').selectOption('deepseek');
  expect(await t('provider-id').inputValue()).toBe('deepseek');
  expect(await t('provider-name').inputValue()).toBe('DeepSeek');
  expect(await t('provider-type').inputValue()).toBe('openai-chat');
  expect(await t('provider-base-url').inputValue()).toBe('https://api.deepseek.com/v1');
  expect(await t('provider-models').textContent()).toContain('deepseek-reasoner');
  expect(await page.getByText('Paste your DeepSeek key, or type ${DEEPSEEK_API_KEY}').count()).toBe(1);
  await t('provider-key').fill('sk-preset-e2e-abcdef');
  await page.screenshot({ path: join(artifactsDir, 'provider-preset.png'), fullPage: true });
  await t('provider-save').click();
  await t('provider-card-deepseek').waitFor();
  expect(dashboard.gateway.services.config.get().providers.find((provider) => provider.id === 'deepseek')).toMatchObject({
    baseUrl: 'https://api.deepseek.com/v1',
    apiKey: 'sk-preset-e2e-abcdef',
    models: ['deepseek-chat', 'deepseek-reasoner'],
  });
});
