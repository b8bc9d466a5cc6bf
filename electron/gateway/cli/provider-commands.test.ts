import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf } from '../testing/task-helpers.js';

const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ configFile: true, config: () => ({ providers: [] }) });
});
afterAll(() => h.close());

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base = { ...process.env };
    for (const name of ['AGENTMESH_URL', 'AGENTMESH_TOKEN', 'AGENT_GATEWAY_URL', 'AGENT_GATEWAY_TOKEN']) delete base[name];
    const child = spawn(process.execPath, [bin, ...args], { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('adds a provider from a preset to the running gateway, which saves it into its config file', async () => {
  const added = await cli(['provider', 'add', '--preset', 'deepseek', '--key', 'sk-deepseek-test-1'], { AGENTMESH_URL: h.url, AGENTMESH_TOKEN: h.token });
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toContain(`added provider deepseek (DeepSeek, https://api.deepseek.com/v1) to the running gateway at ${h.url}`);
  const { body: providers } = await apiOf(h)<any[]>('POST', '/api/providers.list', {});
  expect(providers.find((provider) => provider.id === 'deepseek')).toMatchObject({ type: 'openai-chat', baseUrl: 'https://api.deepseek.com/v1', models: ['deepseek-chat', 'deepseek-reasoner'] });
  expect(parseYaml(readFileSync(h.configPath!, 'utf8')).providers[0]).toMatchObject({ id: 'deepseek', apiKey: 'sk-deepseek-test-1', balance: { preset: 'deepseek' } });

  const again = await cli(['provider', 'add', '--preset', 'deepseek'], { AGENTMESH_URL: h.url, AGENTMESH_TOKEN: h.token });
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('a provider "deepseek" exists; pass --id to add another, or --replace');
  const second = await cli(['provider', 'add', '--preset', 'deepseek', '--id', 'deepseek-work', '--key-env', 'WORK_DEEPSEEK_KEY', '--json'], { AGENTMESH_URL: h.url, AGENTMESH_TOKEN: h.token });
  expect(JSON.parse(second.stdout).provider).toMatchObject({ id: 'deepseek-work', apiKey: '${WORK_DEEPSEEK_KEY}' });
});

it('writes the config file itself when no gateway is running, keeping what the file already had', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'provider-add-'));
  writeFileSync(join(dataDir, 'config.yaml'), '# my gateway\nserver: { port: 3999 }   # keep this port\n');
  const local = await cli(['provider', 'add', '--preset', 'ollama', '--models', 'qwen3:14b,llama3.1:8b', '--data-dir', dataDir, '--url', 'http://127.0.0.1:9', '--token', 'tok-nobody-listens']);
  expect(local.code, local.stderr).toBe(0);
  expect(local.stdout).toContain(`added provider ollama (Ollama (local), http://127.0.0.1:11434/v1) to ${join(dataDir, 'config.yaml')}`);
  expect(local.stdout).toContain('It needs no key.');
  const keyed = await cli(['provider', 'add', '--preset', 'openrouter', '--data-dir', dataDir]);
  expect(keyed.stdout).toContain('It reads its key from $OPENROUTER_API_KEY: set that where the gateway runs.');
  const text = readFileSync(join(dataDir, 'config.yaml'), 'utf8');
  expect(text).toContain('# my gateway');
  expect(text).toContain('# keep this port');
  expect(parseYaml(text).providers).toMatchObject([
    { id: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['qwen3:14b', 'llama3.1:8b'] },
    { id: 'openrouter', apiKey: '${OPENROUTER_API_KEY}', headers: { 'X-Title': 'AgentMesh' } },
  ]);
});

it('lists the presets, and names them when given an unknown one', async () => {
  const listed = await cli(['provider', 'presets']);
  expect(listed.stdout).toMatch(/^PRESET\s+NAME\s+TYPE\s+BASE URL\s+KEY/);
  expect(listed.stdout).toMatch(/zhipu\s+Zhipu \(GLM\)\s+openai-chat\s+https:\/\/open\.bigmodel\.cn\/api\/paas\/v4\s+\$ZHIPUAI_API_KEY/);
  const unknown = await cli(['provider', 'add', '--preset', 'carrier-pigeon', '--data-dir', mkdtempSync(join(tmpdir(), 'provider-add-'))]);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('unknown preset "carrier-pigeon"; one of: openai, anthropic');
});
