import { readFileSync, writeFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startHarness, type Harness } from '../testing/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ configFile: true });
});
afterAll(() => h.close());

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 3_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

it('picks up a config edit without a restart, and keeps the running config on a bad edit', async () => {
  const client = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
  await expect(client.chat.completions.create({ model: 'brand-new', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404 });

  const document = parse(readFileSync(h.configPath!, 'utf8'));
  document.routes.unshift({ match: 'brand-*', to: ['chatty:chat-model'] });
  writeFileSync(h.configPath!, stringify(document));
  await until(() => h.gateway.services.config.get().routes.some((route) => route.match === 'brand-*'));
  const answer = await client.chat.completions.create({ model: 'brand-new', messages: [{ role: 'user', content: 'x' }] });
  expect(answer.choices[0]!.message.content).toBe('ok');

  const before = h.gateway.services.config.get();
  document.providers[0].type = 'carrier-pigeon';
  writeFileSync(h.configPath!, stringify(document));
  await until(() => h.logLines.some((line) => line.includes('config edit refused')));
  expect(h.logLines.find((line) => line.includes('config edit refused'))).toContain('providers.0.type');
  expect(h.gateway.services.config.get()).toBe(before);
  const still = await client.chat.completions.create({ model: 'brand-new', messages: [{ role: 'user', content: 'x' }] });
  expect(still.choices[0]!.message.content).toBe('ok');

  writeFileSync(h.configPath!, 'providers: [unclosed');
  await until(() => h.logLines.some((line) => line.includes('invalid YAML')));
  expect(h.gateway.services.config.get()).toBe(before);
});
