import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterEach, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
const ptyDrive = fileURLToPath(new URL('../testing/pty-drive.py', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((child) => child.kill('SIGKILL')));

/** A fresh home with fake `claude` and `codex` on PATH, and a DeepSeek key in the environment. */
function machine() {
  const home = mkdtempSync(join(tmpdir(), 'setup-'));
  const bins = join(home, 'bin');
  mkdirSync(bins);
  for (const name of ['claude', 'codex']) {
    writeFileSync(join(bins, name), '#!/bin/sh\necho "1.2.3"\n');
    chmodSync(join(bins, name), 0o755);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PATH: `${bins}:/usr/bin:/bin`, SHELL: '/bin/bash', DEEPSEEK_API_KEY: 'sk-deepseek-env', AGENTMESH_DATA_DIR: join(home, '.agentmesh') };
  for (const name of ['CODEX_HOME', 'CLAUDE_CONFIG_DIR', 'AGENTMESH_TOKEN', 'AGENTMESH_URL', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY']) delete env[name];
  return { home, env, dataDir: join(home, '.agentmesh'), config: join(home, '.agentmesh', 'config.yaml') };
}

const run = (env: NodeJS.ProcessEnv, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });

it('writes a working config with --yes: the providers whose key is set, the agents on PATH, a token; the gateway starts on it', async () => {
  const { env, dataDir, config } = machine();
  const setup = run(env, 'setup', '--yes');
  expect(setup.status, setup.stderr).toBe(0);
  expect(setup.stdout).toContain(`Wrote ${config}: 1 provider(s) (deepseek), 2 agent(s) (claude-code, codex).`);
  expect(setup.stdout).toContain('agentmesh gateway ');
  expect(setup.stdout).toContain('Found codex, claude, shell-env: agentmesh connect all');
  expect(parseYaml(readFileSync(config, 'utf8'))).toMatchObject({
    server: { port: 3000 },
    providers: [{ id: 'deepseek', apiKey: '${DEEPSEEK_API_KEY}', baseUrl: 'https://api.deepseek.com/v1' }],
    routes: [{ match: '{deepseek-chat,deepseek-reasoner}', to: ['deepseek'] }, { match: '*', to: ['deepseek'] }],
    agents: [{ id: 'claude-code', adapter: 'claude-code' }, { id: 'codex', adapter: 'codex' }],
  });
  expect(statSync(config).mode & 0o777).toBe(0o600);
  const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();

  const gateway = spawn(process.execPath, [bin, 'gateway', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(gateway);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    gateway.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    gateway.on('exit', (code) => reject(new Error(`gateway exited ${code}`)));
  });
  const get = async (path: string) => (await fetch(url + path, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
  expect((await get('/agents')).map((agent: { id: string }) => agent.id)).toEqual(['claude-code', 'codex']);
  expect((await get('/v1/models')).data.map((model: { id: string }) => model.id)).toContain('deepseek-chat');
});

it('keeps an existing config unless --force, then keeps the old one as config.yaml.1; --connect connects Codex and Claude Code', () => {
  const { env, home, config } = machine();
  mkdirSync(join(home, '.agentmesh'), { recursive: true });
  writeFileSync(config, '# hand-written\nproviders: []\n');
  const refused = run(env, 'setup', '--yes');
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain(`${config} exists; pass --force to replace it`);
  const forced = run(env, 'setup', '--yes', '--force', '--connect', '--port', '3999');
  expect(forced.status, forced.stderr).toBe(0);
  expect(readFileSync(`${config}.1`, 'utf8')).toBe('# hand-written\nproviders: []\n');
  expect(JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')).env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:3999');
  expect(readFileSync(join(home, '.codex', 'config.toml'), 'utf8')).toContain('base_url = "http://127.0.0.1:3999/v1"');
  expect(existsSync(join(home, '.bashrc'))).toBe(false);
});

it('asks in a terminal, and says to use --yes where there is none', () => {
  const { env, home, config } = machine();
  const piped = spawnSync(process.execPath, [bin, 'setup'], { env, encoding: 'utf8', input: '' });
  expect(piped.status).toBe(1);
  expect(piped.stderr).toContain('setup asks questions: run it in a terminal, or pass --yes');

  const steps = [
    ['Which providers?', '3,9'],
    ['DeepSeek API key', 'sk-typed-in-the-terminal'],
    ['Which agents?', '2'],
    ['to which provider?', ''],
    ['Port for the gateway', '3456'],
    ['Connect which?', 'none'],
  ];
  const driven = spawnSync('/usr/bin/python3', [ptyDrive, JSON.stringify(steps), process.execPath, bin, 'setup'], { env, encoding: 'utf8', timeout: 90_000 });
  expect(driven.status, driven.stdout + driven.stderr).toBe(0);
  expect(driven.stdout).toContain(`Wrote ${config}: 2 provider(s) (deepseek, ollama), 1 agent(s) (codex).`);
  // A pasted key is not echoed to the terminal.
  expect(driven.stdout).not.toContain('sk-typed-in-the-terminal');
  expect(parseYaml(readFileSync(config, 'utf8'))).toMatchObject({ server: { port: 3456 }, providers: [{ id: 'deepseek', apiKey: 'sk-typed-in-the-terminal' }, { id: 'ollama' }], agents: [{ id: 'codex' }] });
  expect(existsSync(join(home, '.codex', 'config.toml'))).toBe(false);
});
