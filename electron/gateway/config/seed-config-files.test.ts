import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dayOf } from '../log/daily-log-file.js';
import { createLogger } from '../log/logger.js';
import { createGateway } from '../server.js';
import { until } from '../testing/task-helpers.js';
import { loadConfigFile } from './load.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
const temp = () => mkdtempSync(join(tmpdir(), 'agentmesh-seed-'));
const copy = (name: string) => {
  const dir = temp();
  copyFileSync(fixture(name), join(dir, 'gateway.yaml'));
  return join(dir, 'gateway.yaml');
};
// npm puts node_modules/.bin (codex, claude) on PATH; the gateway would list them as detected agents.
const pathWithoutProjectBins = (process.env.PATH ?? '').split(':').filter((dir) => !dir.endsWith('node_modules/.bin')).join(':');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, DEEPSEEK_API_KEY: '' } });

describe("agentmesh 1.x's own config files", () => {
  it('loads the shipped gateway.yaml as is', () => {
    const { config, dialect } = loadConfigFile(fixture('seed-gateway.yaml'), {});
    expect(config.server).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: './data' });
    expect(config.logging.dir).toBe('./logs');
    expect(config.routing.defaultAgent).toBe('claude-code');
    expect(config.routing.rules).toHaveLength(16);
    expect(config.routing.rules.find((rule) => rule.name === 'multi-agent')).toMatchObject({ strategy: 'broadcast', agents: ['claude-code', 'openclaw'], priority: 20 });
    expect(config.agents.map((agent) => [agent.id, agent.adapter])).toEqual([['claude-code', 'claude-code'], ['openclaw', 'openclaw']]);
    expect(dialect!.map((note) => note.from)).toEqual(['port', 'host', 'dataDir', 'logDir', 'wsPort', 'agents[].type']);
  });

  it('loads the configuration.md example: providers with keys from the environment, routes from model_routing and the fallback chain', () => {
    const { config } = loadConfigFile(fixture('seed-configuration.yaml'), { DEEPSEEK_API_KEY: 'sk-deepseek-0123456789', OPENAI_API_KEY: '' });
    expect(config.defaultModel).toBe('deepseek-chat');
    expect(config.logging.level).toBe('info');
    expect(config.providers.map((provider) => [provider.id, provider.baseUrl, provider.apiKey])).toEqual([
      ['deepseek', 'https://api.deepseek.com/v1', 'sk-deepseek-0123456789'],
      ['openai', 'https://api.openai.com/v1', ''],
      ['openrouter', 'https://openrouter.ai/api/v1', ''],
      ['ollama', 'http://127.0.0.1:11434/v1', 'ollama'],
    ]);
    expect(config.routes).toEqual([
      { match: 'deepseek*', to: ['deepseek', 'openrouter', 'ollama', 'openai'] },
      { match: 'gpt-*', to: ['openai', 'deepseek', 'openrouter', 'ollama'] },
      { match: 'o1*', to: ['openai', 'deepseek', 'openrouter', 'ollama'] },
      { match: 'claude*', to: ['openrouter', 'deepseek', 'ollama', 'openai'] },
      { match: '*', to: ['deepseek', 'openrouter', 'ollama', 'openai'] },
    ]);
    expect(config.agents[2]).toMatchObject({ id: 'my-agent', adapter: 'command', path: 'my-agent-cli', args: ['--interactive', '{prompt}'] });
  });
});

describe('agentmesh config migrate', () => {
  it('rewrites the file in the native spelling, keeps the 1.x text as FILE.1 and the comments of what stayed; the result loads to the same config', () => {
    const file = copy('seed-configuration.yaml');
    const before = loadConfigFile(file, {}).config;
    const run = cli('config', 'migrate', file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`migrated ${file} (the previous text is kept as ${file}.1)`);
    expect(run.stdout).toContain('  port -> server.port');
    expect(run.stdout).toContain('  wsPort -> (dropped): the WebSocket shares the HTTP port');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(readFileSync(fixture('seed-configuration.yaml'), 'utf8'));
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^server:\n {2}port: 3000\n {2}host: 0\.0\.0\.0\n {2}dataDir: \.\/data/m);
    expect(text).toContain('apiKey: ${DEEPSEEK_API_KEY}');
    expect(text).not.toMatch(/^(port|models|wsPort):/m);
    expect(text).toContain('keywords: [write code, generate code, 写代码, 生成代码]');
    expect(text.startsWith('# The keys and values')).toBe(true);
    const after = loadConfigFile(file, {});
    expect(after.dialect).toBeUndefined();
    expect(after.config).toEqual(before);
    expect(cli('config', 'migrate', file).stdout).toBe(`${file} is already in this gateway's spelling; nothing to do\n`);
  });

  it('--dry-run prints the result and writes nothing; --json says what it did', () => {
    const file = copy('seed-gateway.yaml');
    const original = readFileSync(file, 'utf8');
    const dry = cli('config', 'migrate', file, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^server:\n {2}port: 3000/m);
    expect(dry.stdout).toContain('# would translate:\n#  port -> server.port');
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(existsSync(`${file}.1`)).toBe(false);
    const json = JSON.parse(cli('config', 'migrate', file, '--json').stdout);
    expect(json).toMatchObject({ file, written: true, backup: `${file}.1`, translated: expect.arrayContaining([{ from: 'agents[].type', to: 'agents[].adapter', note: expect.any(String) }]) });
  });

  it('refuses a file with an unknown key, naming its path and line', () => {
    const file = join(temp(), 'gateway.yaml');
    writeFileSync(file, 'port: 3000\nmodels:\n  default_model: x\n  fallback: [a]\n');
    const run = cli('config', 'migrate', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/models\.fallback: unknown key/);
    expect(() => loadConfigFile(file, {})).toThrow(expect.objectContaining({ line: 4 }));
  });
});

describe('a gateway started on the shipped gateway.yaml', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('serves, with dataDir and logDir taken from where it starts, and warns once per 1.x key', async () => {
    const file = copy('seed-gateway.yaml');
    const cwd = join(file, '..');
    const child = spawn(process.execPath, [bin, 'gateway', '--config', file, '--port', '0', '--host', '127.0.0.1'], { cwd, env: { ...process.env, AGENTMESH_DATA_DIR: '', PATH: pathWithoutProjectBins } });
    stop = () => child.kill('SIGKILL');
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /listening on (\S+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`gateway exited ${code}: ${stderr}`)));
    });
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; agents: { id: string }[] };
    expect(health.status).toBe('ok');
    expect(health.agents.map((agent) => agent.id)).toEqual(['claude-code', 'openclaw']);
    expect(existsSync(join(cwd, 'data', 'token'))).toBe(true);
    const logFile = join(cwd, 'logs', `gateway-${dayOf(new Date())}.log`);
    expect(existsSync(logFile)).toBe(true);
    for (const key of ['port', 'host', 'dataDir', 'logDir', 'agents[].type']) {
      expect(stderr.split(`config: ${key} is agentmesh 1.x's spelling`).length - 1, key).toBe(1);
    }
    expect(stderr).toContain("config: wsPort is agentmesh 1.x's spelling; it has no effect here");
    expect(readFileSync(logFile, 'utf8')).toContain('"msg":"config: port is agentmesh 1.x\'s spelling; write it as server.port');
  });
});

describe('a 1.x config file under a running gateway', () => {
  it('warns once per 1.x key across reloads, and a dashboard save writes the file in the native spelling', async () => {
    const dir = temp();
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, '# my gateway\nport: 0\nwsPort: 3001\nmodels:\n  default_model: m\n  providers:\n    local:\n      base_url: http://127.0.0.1:9/v1\n      api_key: local\n');
    const lines: string[] = [];
    const gateway = createGateway({ configPath: file, dataDir: dir, token: 'seed-reload-token-0123', logger: createLogger({ write: (line) => lines.push(line) }) });
    await gateway.start();
    try {
      const warned = (key: string) => lines.filter((line) => line.includes(`config: ${key} is agentmesh 1.x's spelling`)).length;
      expect([warned('port'), warned('wsPort'), warned('models.providers')]).toEqual([1, 1, 1]);
      appendFileSync(file, '      models: [m]\n');
      await until(() => gateway.services.config.get().providers[0]!.models.length === 1, 5_000, 'the edit read');
      expect([warned('port'), warned('wsPort'), warned('models.providers')]).toEqual([1, 1, 1]);

      gateway.services.config.update((document) => ({ ...document, aliases: { fast: 'm' } }));
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^# my gateway\nserver:\n {2}port: 0\ndefaultModel: m\nproviders:\n/);
      expect(text).toContain('aliases:\n  fast: m');
      expect(text).not.toMatch(/^(port|wsPort|models):/m);
      expect(readFileSync(`${file}.1`, 'utf8')).toContain('wsPort: 3001');
    } finally {
      await gateway.stop();
    }
  });
});
