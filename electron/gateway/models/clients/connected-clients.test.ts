import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chatOnlyConfig, startHarness, type Harness } from '../../testing/gateway-harness.js';
import { binPath, runJsonCli } from './run-cli.js';

// `agentmesh connect codex|claude`, then the real CLIs with nothing else configured: what a user runs.
const agentmesh = fileURLToPath(new URL('../../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: (url) => chatOnlyConfig(url) });
});
afterAll(() => h.close());

/** The environment of a user with none of our variables set, in a home of their own. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  for (const name of Object.keys(env)) if (/^(ANTHROPIC_|CLAUDE_|CODEX_|AGENTMESH_|AGENT_GATEWAY_|OPENAI_)/.test(name)) delete env[name];
  return env;
}

const connect = (client: string, env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [agentmesh, 'connect', client, '--url', h.url, '--token', h.token, '--data-dir', join(env.HOME!, '.agentmesh')], { env, encoding: 'utf8' });

it('runs the real Codex CLI with --profile agentmesh after connect codex, moving a legacy profile table out of config.toml', async () => {
  const home = mkdtempSync(join(tmpdir(), 'connect-codex-'));
  const env = cleanEnv(home);
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome);
  // What an earlier `agentmesh connect codex` wrote, plus a setting the user added to that profile.
  writeFileSync(
    join(codexHome, 'config.toml'),
    '# mine\n[model_providers.agentmesh]\nname = "AgentMesh"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "responses"\nenv_key = "AGENTMESH_TOKEN"\n\n[profiles.agentmesh]\nmodel_provider = "agentmesh"\nmodel = "gpt-from-legacy-profile"\n',
  );
  const connected = connect('codex', env);
  expect(connected.status, connected.stderr).toBe(0);
  expect(readFileSync(join(codexHome, 'config.toml'), 'utf8')).not.toContain('[profiles.agentmesh]');
  expect(existsSync(join(codexHome, 'agentmesh.config.toml'))).toBe(true);

  h.upstream.reset();
  h.upstream.defaultReply = { text: 'Hello through the profile', usage: { input: 12, output: 4 } };
  const run = await runJsonCli(binPath('codex'), ['exec', '--json', '--skip-git-repo-check', '--profile', 'agentmesh', 'say hello'], {
    cwd: mkdtempSync(join(tmpdir(), 'codex-work-')),
    env: { ...env, CODEX_HOME: codexHome, AGENTMESH_TOKEN: h.token },
  });
  expect(run.code, run.stderr).toBe(0);
  const message = run.events.find((event) => event.type === 'item.completed' && event.item.type === 'agent_message');
  expect(message?.item.text).toBe('Hello through the profile');
  // The model came from the moved profile settings; the call went through the gateway's ledger.
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(h.gateway.services.ledger.recent(1)[0]).toMatchObject({ inbound: 'responses', requestedModel: 'gpt-from-legacy-profile', status: 200 });
});

it('runs the real Claude Code CLI through the gateway after connect claude, with no ANTHROPIC_* in its environment', async () => {
  const home = mkdtempSync(join(tmpdir(), 'connect-claude-'));
  const env = cleanEnv(home);
  const connected = connect('claude', env);
  expect(connected.status, connected.stderr).toBe(0);

  h.upstream.reset();
  h.upstream.defaultReply = { text: 'Hello from settings.json', usage: { input: 20, output: 5 } };
  const run = await runJsonCli(binPath('claude'), ['-p', 'say hello', '--output-format', 'stream-json', '--verbose', '--model', 'claude-after-connect'], {
    cwd: mkdtempSync(join(tmpdir(), 'claude-work-')),
    env,
  });
  expect(run.code, run.stderr).toBe(0);
  expect(run.events.find((event) => event.type === 'result')).toMatchObject({ is_error: false, result: 'Hello from settings.json' });
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(h.gateway.services.ledger.recent(5).map((row) => row.requestedModel)).toContain('claude-after-connect');
});
