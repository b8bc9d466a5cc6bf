import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { ConnectContext } from './connect-types.js';
import { connectClient, disconnectClient, listConnections } from './connections.js';
import { unifiedDiff } from './line-diff.js';

function context(gatewayUrl = 'http://127.0.0.1:4321'): ConnectContext {
  const home = mkdtempSync(join(tmpdir(), 'connect-'));
  const dataDir = join(home, '.agentmesh');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'token'), 'tok-file-123456\n');
  return { gatewayUrl, token: 'tok-123456789', dataDir, env: { HOME: home, SHELL: '/bin/bash', PATH: '' }, providerId: 'agentmesh' };
}
const backups = (dir: string) => readdirSync(dir).filter((name) => name.includes('.bak-'));

describe('connect codex', () => {
  it('writes the provider to config.toml and the profile beside it, once, keeping the rest of the file', () => {
    const ctx = context();
    const codex = join(ctx.env.HOME!, '.codex');
    mkdirSync(codex);
    writeFileSync(join(codex, 'config.toml'), '# my settings\nmodel = "o3"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n');
    const first = connectClient('codex', ctx);
    expect(first.written.map((file) => [file.path, file.created])).toEqual([[join(codex, 'config.toml'), false], [join(codex, 'agentmesh.config.toml'), true]]);
    const text = readFileSync(join(codex, 'config.toml'), 'utf8');
    expect(text.startsWith('# my settings\nmodel = "o3"\n')).toBe(true);
    const config = parseToml(text) as any;
    expect(config.model_providers.agentmesh).toMatchObject({ base_url: 'http://127.0.0.1:4321/v1', wire_api: 'responses', env_key: 'AGENTMESH_TOKEN' });
    expect(config.mcp_servers.docs.command).toBe('docs-mcp');
    expect(config.mcp_servers.agentmesh).toEqual({ url: 'http://127.0.0.1:4321/mcp', bearer_token_env_var: 'AGENTMESH_TOKEN' });
    expect(text).not.toContain('tok-123456789');
    expect(config.profiles).toBeUndefined();
    expect(parseToml(readFileSync(join(codex, 'agentmesh.config.toml'), 'utf8'))).toEqual({ model_provider: 'agentmesh' });
    expect(backups(codex)).toHaveLength(1);

    const second = connectClient('codex', ctx);
    expect(second.written).toEqual([]);
    expect(second.unchanged).toHaveLength(2);
    expect(backups(codex)).toHaveLength(1);
  });

  it('turns a legacy `profile = "agentmesh"` selector into the default provider, and can make it the default on request', () => {
    const ctx = context();
    const codex = join(ctx.env.HOME!, '.codex');
    mkdirSync(codex);
    writeFileSync(join(codex, 'config.toml'), 'profile = "agentmesh"\n\n[profiles.agentmesh]\nmodel_provider = "agentmesh"\n\n[profiles.work]\nmodel = "o3"\n');
    connectClient('codex', ctx);
    const config = parseToml(readFileSync(join(codex, 'config.toml'), 'utf8')) as any;
    expect(config.profile).toBeUndefined();
    expect(config.model_provider).toBe('agentmesh');
    expect(config.profiles).toEqual({ work: { model: 'o3' } });

    const desktop = context();
    connectClient('codex-desktop', desktop);
    expect((parseToml(readFileSync(join(desktop.env.HOME!, '.codex', 'config.toml'), 'utf8')) as any).model_provider).toBe('agentmesh');
  });

  it('leaves a config.toml that is not TOML alone', () => {
    const ctx = context();
    mkdirSync(join(ctx.env.HOME!, '.codex'));
    writeFileSync(join(ctx.env.HOME!, '.codex', 'config.toml'), 'model = \n');
    expect(() => connectClient('codex', ctx)).toThrow(/is not valid TOML, so it was left alone/);
  });
});

describe('connect other clients', () => {
  it('merges the Claude Code environment into settings.json and refuses a file that is not JSON', () => {
    const ctx = context();
    const dir = join(ctx.env.HOME!, '.claude');
    mkdirSync(dir);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', env: { FOO: 'bar' } }));
    connectClient('claude', ctx);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      theme: 'dark',
      env: { FOO: 'bar', ANTHROPIC_BASE_URL: 'http://127.0.0.1:4321', ANTHROPIC_AUTH_TOKEN: 'tok-123456789', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
    });
    writeFileSync(join(dir, 'settings.json'), '{ // mine\n}');
    expect(() => connectClient('claude', ctx)).toThrow(/not plain JSON/);
  });

  it("registers the MCP server in Claude Code's user config like `claude mcp add --scope user`, once, and disconnect removes only that entry", () => {
    const ctx = context();
    const path = join(ctx.env.HOME!, '.claude.json');
    writeFileSync(path, JSON.stringify({ numStartups: 3, mcpServers: { docs: { type: 'stdio', command: 'docs-mcp' } } }));
    connectClient('claude', ctx);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written).toEqual({
      numStartups: 3,
      mcpServers: { docs: { type: 'stdio', command: 'docs-mcp' }, agentmesh: { type: 'http', url: 'http://127.0.0.1:4321/mcp', headers: { Authorization: 'Bearer tok-123456789' } } },
    });
    expect(connectClient('claude', ctx).unchanged).toContain(path);
    // Claude Code keeps rewriting this file with its own state; that survives disconnect.
    writeFileSync(path, JSON.stringify({ ...written, numStartups: 4 }));
    disconnectClient('claude', ctx);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ numStartups: 4, mcpServers: { docs: { type: 'stdio', command: 'docs-mcp' } } });
  });

  it('puts .claude.json in CLAUDE_CONFIG_DIR when that is set', () => {
    const ctx = context();
    ctx.env.CLAUDE_CONFIG_DIR = join(ctx.env.HOME!, 'claude-config');
    connectClient('claude', ctx);
    expect(JSON.parse(readFileSync(join(ctx.env.CLAUDE_CONFIG_DIR, '.claude.json'), 'utf8')).mcpServers.agentmesh.url).toBe('http://127.0.0.1:4321/mcp');
    disconnectClient('claude', ctx);
    expect(JSON.parse(readFileSync(join(ctx.env.CLAUDE_CONFIG_DIR, '.claude.json'), 'utf8'))).toEqual({});
  });

  it.runIf(process.platform === 'linux')("sets Cursor's OpenAI base URL in its user settings", () => {
    const ctx = context();
    ctx.env.XDG_CONFIG_HOME = join(ctx.env.HOME!, 'xdg');
    connectClient('cursor', ctx);
    const settings = JSON.parse(readFileSync(join(ctx.env.HOME!, 'xdg', 'Cursor', 'User', 'settings.json'), 'utf8'));
    expect(settings['openai.apiBase']).toBe('http://127.0.0.1:4321/v1');
  });

  it('adds one marked block to the shell profile that reads the token file, and disconnect removes only that block', () => {
    const ctx = context();
    const profile = join(ctx.env.HOME!, '.bashrc');
    writeFileSync(profile, 'alias ll="ls -l"\n');
    connectClient('shell-env', ctx);
    connectClient('shell-env', { ...ctx, gatewayUrl: 'http://127.0.0.1:5000' });
    const text = readFileSync(profile, 'utf8');
    expect(text.match(/# >>> agentmesh connect >>>/g)).toHaveLength(1);
    expect(text).toContain("export AGENTMESH_URL='http://127.0.0.1:5000'");
    expect(text).toContain(`export AGENTMESH_TOKEN="$(cat '${join(ctx.dataDir, 'token')}' 2>/dev/null)"`);
    expect(text).not.toContain('tok-file-123456');
    writeFileSync(profile, `${text}export EDITOR=vim\n`);
    disconnectClient('shell-env', ctx);
    expect(readFileSync(profile, 'utf8')).toBe('alias ll="ls -l"\n\nexport EDITOR=vim\n');
  });
});

describe('disconnect and list', () => {
  it('restores the backup of the first connect, removes what connect created, and keeps a later edit as a copy', () => {
    const ctx = context();
    const codex = join(ctx.env.HOME!, '.codex');
    mkdirSync(codex);
    const original = 'model = "o3"\n';
    writeFileSync(join(codex, 'config.toml'), original);
    connectClient('codex', ctx);
    connectClient('codex', { ...ctx, gatewayUrl: 'http://127.0.0.1:9999' });
    writeFileSync(join(codex, 'config.toml'), `${readFileSync(join(codex, 'config.toml'), 'utf8')}\n# edited later\n`);
    expect(listConnections(ctx).find((entry) => entry.client === 'codex')).toMatchObject({ gateway: 'http://127.0.0.1:9999', files: [join(codex, 'config.toml'), join(codex, 'agentmesh.config.toml')] });

    const outcome = disconnectClient('codex', ctx);
    expect(outcome.actions.join('\n')).toMatch(/restored .*config\.toml from .*\(your later version: /);
    expect(readFileSync(join(codex, 'config.toml'), 'utf8')).toBe(original);
    expect(existsSync(join(codex, 'agentmesh.config.toml'))).toBe(false);
    expect(backups(codex).some((name) => readFileSync(join(codex, name), 'utf8').includes('# edited later'))).toBe(true);
    expect(listConnections(ctx).find((entry) => entry.client === 'codex')?.gateway).toBeNull();
    expect(disconnectClient('codex', ctx).connected).toBe(false);
  });

  it('shows a dry run as a unified diff and writes nothing', () => {
    const ctx = context();
    const outcome = connectClient('claude', ctx, { dryRun: true });
    expect(outcome.diff).toContain(`--- /dev/null\n+++ ${join(ctx.env.HOME!, '.claude', 'settings.json')}\n@@ -0,0 +1,7 @@\n+{`);
    expect(existsSync(join(ctx.env.HOME!, '.claude'))).toBe(false);
    expect(existsSync(join(ctx.dataDir, 'connections.json'))).toBe(false);
  });
});

it('diffs with context and numbered hunks', () => {
  const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
  const after = before.replace('b\n', 'B\n').replace('i\n', '');
  expect(unifiedDiff('f', before, after)).toBe(['--- f', '+++ f', '@@ -1,10 +1,9 @@', ' a', '-b', '+B', ' c', ' d', ' e', ' f', ' g', ' h', '-i', ' j', ''].join('\n'));
  expect(unifiedDiff('f', before, before)).toBe('');
});
