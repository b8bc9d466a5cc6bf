import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/agentmesh.mjs', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((child) => child.kill('SIGKILL')));

function startGateway(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, 'gateway', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`gateway exited ${code}: ${stderr}`)));
  });
  return { child, ready, output: () => ({ stdout, stderr }) };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'agentmesh-cli-'));

it('prints its version', () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) expect(spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' }).stdout).toBe(`${version}\n`);
});

describe('agentmesh gateway', () => {
  it('starts, prints one listening line, keeps a 0600 token, and stops on SIGTERM', async () => {
    const dataDir = tempDir();
    const gateway = startGateway(['--port', '0', '--data-dir', dataDir]);
    const url = await gateway.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const tokenPath = join(dataDir, 'token');
    expect(statSync(tokenPath).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenPath, 'utf8').trim();
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(gateway.output().stderr).not.toContain(token);
    const exited = new Promise<number | null>((resolve) => gateway.child.on('exit', resolve));
    gateway.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('lets flags beat the config file', async () => {
    const dataDir = tempDir();
    const config = join(dataDir, 'config.yaml');
    writeFileSync(config, 'server: { port: 1, token: "${CFG_TOKEN}" }\n');
    const gateway = startGateway(['--config', config, '--port', '0', '--data-dir', dataDir, '--token', 'flag-token-123'], { CFG_TOKEN: 'config-token-123' });
    const url = await gateway.ready;
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer flag-token-123' } })).status).toBe(200);
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer config-token-123' } })).status).toBe(401);
  });

  it('refuses a bad config with the path of the bad field, and a bad flag', () => {
    const dataDir = tempDir();
    const config = join(dataDir, 'config.yaml');
    writeFileSync(config, 'providers:\n  - id: x\n    type: carrier-pigeon\n    baseUrl: http://127.0.0.1:1\n');
    const bad = spawnSync(process.execPath, [bin, 'gateway', '--config', config, '--data-dir', dataDir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('providers.0.type');
    writeFileSync(config, 'server:\n  port: 3000\nproviders:\n  - id: x\n   type: openai-chat\n');
    const badYaml = spawnSync(process.execPath, [bin, 'start', '--config', config, '--data-dir', dataDir], { encoding: 'utf8' });
    expect(badYaml.status).toBe(1);
    expect(badYaml.stderr).toContain(`invalid YAML in ${config} at line 5, column 1: Sequence item without - indicator\n`);
    expect(badYaml.stderr).toContain(['  4 |   - id: x', '> 5 |    type: openai-chat', '    | ^'].join('\n'));
    const badPort = spawnSync(process.execPath, [bin, 'gateway', '--port', 'eighty', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(badPort.status).toBe(1);
    expect(badPort.stderr).toContain('--port');
  });
});

describe('agentmesh connect', () => {
  const connectEnv = (home: string): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, CODEX_HOME: join(home, 'codex'), AGENTMESH_DATA_DIR: join(home, 'data'), SHELL: '/bin/bash', PATH: '/usr/bin:/bin' };
    for (const name of ['CLAUDE_CONFIG_DIR', 'AGENTMESH_TOKEN', 'AGENTMESH_URL', 'AGENT_GATEWAY_URL', 'AGENT_GATEWAY_TOKEN', 'XDG_CONFIG_HOME']) delete env[name];
    return env;
  };
  const run = (env: NodeJS.ProcessEnv, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });

  it('adds the gateway to Codex (provider in config.toml, profile beside it) idempotently, keeping the rest and a backup', () => {
    const home = tempDir();
    const env = connectEnv(home);
    const codexHome = join(home, 'codex');
    spawnSync('mkdir', ['-p', codexHome]);
    writeFileSync(join(codexHome, 'config.toml'), '# my settings\nmodel = "o3"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n');
    const connect = () => run(env, 'connect', 'codex', '--url', 'http://127.0.0.1:4321', '--token', 'tok-123456789');
    const first = connect();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('export AGENTMESH_TOKEN=tok-123456789');
    expect(first.stdout).toContain('codex --profile agentmesh');
    const text = readFileSync(join(codexHome, 'config.toml'), 'utf8');
    expect(text).toContain('# my settings');
    const parsed = parseToml(text) as any;
    expect(parsed.model).toBe('o3');
    expect(parsed.mcp_servers.docs.command).toBe('docs-mcp');
    expect(parsed.model_providers.agentmesh).toMatchObject({ base_url: 'http://127.0.0.1:4321/v1', wire_api: 'responses', env_key: 'AGENTMESH_TOKEN' });
    expect(parsed.profiles).toBeUndefined();
    expect((parseToml(readFileSync(join(codexHome, 'agentmesh.config.toml'), 'utf8')) as any).model_provider).toBe('agentmesh');
    expect(readdirSync(codexHome).filter((name) => name.includes('.bak-'))).toHaveLength(1);

    const second = connect();
    expect(second.stdout).toContain('already up to date');
    expect(readFileSync(join(codexHome, 'config.toml'), 'utf8')).toBe(text);
    expect(readdirSync(codexHome).filter((name) => name.includes('.bak-'))).toHaveLength(1);
  });

  it('writes Claude Code settings.json by default, prints the environment with --print, and --dry-run writes nothing', () => {
    const home = tempDir();
    const env = connectEnv(home);
    const printed = run(env, 'connect', 'claude', '--print', '--port', '4999', '--token', 'tok-abcdefgh');
    expect(printed.stdout).toContain('export ANTHROPIC_BASE_URL=http://127.0.0.1:4999');
    expect(printed.stdout).toContain('export ANTHROPIC_AUTH_TOKEN=tok-abcdefgh');

    const dry = run(env, 'connect', 'claude', '--dry-run', '--port', '4999', '--token', 'tok-abcdefghijkl');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Claude Code (dry run, nothing written):');
    expect(dry.stdout).toContain('+    "ANTHROPIC_BASE_URL": "http://127.0.0.1:4999",');
    // A diff gets pasted into issues: the token is masked in it.
    expect(dry.stdout).not.toContain('tok-abcdefghijkl');
    expect(existsSync(join(home, '.claude'))).toBe(false);

    spawnSync('mkdir', ['-p', join(home, '.claude')]);
    writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ theme: 'dark', env: { FOO: 'bar' } }));
    const written = run(env, 'connect', 'claude', '--port', '4999', '--token', 'tok-abcdefgh');
    expect(written.status, written.stderr).toBe(0);
    const settings = JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8'));
    expect(settings).toMatchObject({ theme: 'dark', env: { FOO: 'bar', ANTHROPIC_BASE_URL: 'http://127.0.0.1:4999', ANTHROPIC_AUTH_TOKEN: 'tok-abcdefgh' } });
  });

  it('connects every client found with `all`, lists them, and `disconnect all` puts every file back', () => {
    const home = tempDir();
    const env = connectEnv(home);
    for (const dir of ['.claude', 'codex']) spawnSync('mkdir', ['-p', join(home, dir)]);
    writeFileSync(join(home, '.claude', 'settings.json'), '{"theme":"dark"}');
    writeFileSync(join(home, '.bashrc'), 'alias ll="ls -l"\n');
    const all = run(env, 'connect', 'all', '--port', '4999', '--token', 'tok-abcdefgh', '--json');
    expect(all.status, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout).connected.map((entry: { client: string }) => entry.client)).toEqual(['codex', 'claude', 'shell-env']);

    const listed = run(env, 'connect', 'list');
    expect(listed.stdout).toMatch(/^CLIENT\s+FOUND\s+CONNECTED TO\s+SINCE/);
    expect(listed.stdout).toMatch(/claude\s+yes\s+http:\/\/127\.0\.0\.1:4999/);
    expect(listed.stdout).toMatch(/cursor\s+no\s+-/);

    const undone = run(env, 'disconnect', 'all');
    expect(undone.status, undone.stderr).toBe(0);
    expect(undone.stdout).toContain('Claude Code: restored');
    expect(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')).toBe('{"theme":"dark"}');
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('alias ll="ls -l"\n');
    expect(existsSync(join(home, 'codex', 'config.toml'))).toBe(false);
    expect(run(env, 'disconnect', 'all').stdout.trim()).toBe('Nothing is connected.');
  });

  it('says where to get a token when there is none', () => {
    const home = tempDir();
    const env = connectEnv(home);
    const res = run(env, 'connect', 'claude');
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/no gateway token/);
  });
});
