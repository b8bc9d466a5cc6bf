import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium } from './support/browser.js';
import { artifactsDir, startDashboard, type Dashboard } from './support/dashboard.js';

// A headless gateway on a YAML file that the user edits by hand while the dashboard is open:
// a refused edit shows a banner on every view and holds dashboard saves back until it is fixed.
const missing = chromiumMissingReason();
if (missing) throw new Error(missing);

let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let goodText: string;
const problems: string[] = [];
const views = ['agents', 'tasks', 'providers', 'routing', 'usage', 'spaces', 'settings'];

beforeAll(async () => {
  dashboard = await startDashboard(
    (url) => ({ providers: [{ id: 'scripted', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-e2e-stored-key-abcd', models: ['e2e-model'] }] }),
    { configFile: true },
  );
  goodText = readFileSync(dashboard.configPath!, 'utf8');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(dashboard.gateway.loginLink());
  await page.waitForURL(/\/ui\/#?\/?/);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

const t = (id: string) => page.getByTestId(id);
const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
const brokenText = () => goodText.replace('type: openai-chat', 'type: carrier-pigeon');
const brokenLine = () => goodText.slice(0, goodText.indexOf('type: openai-chat')).split('\n').length;

describe('a config file with a refused edit, in Chromium', () => {
  it('shows no banner while the file is good', async () => {
    await t('nav-providers').click();
    await t('provider-card-scripted').waitFor();
    expect(await t('config-file-banner').count()).toBe(0);
  });

  it('shows the banner live when a hand edit is refused, naming the line, on every view', async () => {
    writeFileSync(dashboard.configPath!, brokenText());
    await t('config-file-banner').waitFor({ timeout: 10_000 });
    expect(await t('config-file-line').textContent()).toBe(String(brokenLine()));
    expect(await t('config-file-banner').textContent()).toMatch(/fix or discard it first.*providers\.0\.type/);
    await shot('config-file-broken');
    for (const view of views) {
      await t(`nav-${view}`).click();
      await page.waitForURL(new RegExp(`#/${view}`));
      expect(await t('config-file-banner').isVisible(), view).toBe(true);
    }
  });

  it('refuses a provider save with the reason in the form, and leaves the hand edit in the file', async () => {
    await t('nav-providers').click();
    await t('provider-card-scripted').getByTestId('provider-edit').click();
    await t('provider-models').locator('input').fill('added-in-ui');
    await t('provider-models').locator('input').press('Enter');
    await t('provider-save').click();
    await t('provider-form-error').waitFor();
    expect(await t('provider-form-error').textContent()).toMatch(new RegExp(`config file has an error at line ${brokenLine()}; fix or discard it first`));
    await shot('config-file-save-refused');
    expect(readFileSync(dashboard.configPath!, 'utf8')).toBe(brokenText());
    await page.keyboard.press('Escape');
    await t('provider-dialog').waitFor({ state: 'detached' });
  });

  it('hides the banner once the file is fixed, and saves again', async () => {
    writeFileSync(dashboard.configPath!, goodText);
    await t('config-file-banner').waitFor({ state: 'detached' });
    await t('provider-card-scripted').getByTestId('provider-edit').click();
    await t('provider-models').locator('input').fill('added-in-ui');
    await t('provider-models').locator('input').press('Enter');
    await t('provider-save').click();
    await t('provider-dialog').waitFor({ state: 'detached' });
    expect(readFileSync(dashboard.configPath!, 'utf8')).toContain('added-in-ui');
    expect(readFileSync(`${dashboard.configPath!}.1`, 'utf8')).toBe(goodText);
  });

  it('asks for the key again when a provider moves to another host', async () => {
    await t('provider-card-scripted').getByTestId('provider-edit').click();
    await t('provider-base-url').fill(`http://localhost:${dashboard.upstream.port}/v1`);
    await t('provider-key-reentry').waitFor();
    expect(await t('provider-key-reentry').textContent()).toMatch(/enter the key again/);
    await t('provider-save').click();
    await shot('provider-key-reentry');
    expect(await t('provider-dialog').isVisible()).toBe(true);
    expect(dashboard.gateway.services.config.get().providers[0]!.baseUrl).toBe(`${dashboard.upstream.url}/v1`);
    await t('provider-key').fill('sk-for-localhost-9876');
    expect(await t('provider-key-reentry').count()).toBe(0);
    await t('provider-save').click();
    await t('provider-dialog').waitFor({ state: 'detached' });
    expect(await t('provider-card-scripted').getByTestId('provider-key-preview').textContent()).toContain('sk-…9876');
    expect(problems).toEqual([]);
  });
});
