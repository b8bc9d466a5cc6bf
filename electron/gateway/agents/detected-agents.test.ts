import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../server.js';
import { installFakeClis } from '../testing/fake-clis.js';
import { apiOf, scriptAgent, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

// A fresh install: claude, codex and gemini are on PATH and the config lists one command agent.
const root = mkdtempSync(join(tmpdir(), 'agentmesh-detected-'));
const dataDir = join(root, 'data');
const env = { PATH: installFakeClis(join(root, 'bin'), ['claude', 'codex', 'gemini']), HOME: root };
const token = 'detected-token-0123456789';
const config = { agents: [scriptAgent('echo', 'echo-agent')] };
let gateway: Gateway;
let api: Api;

async function start(document: unknown = config): Promise<void> {
  gateway = createGateway({ config: document, dataDir, port: 0, token, env, logger: createLogger({ level: 'error' }) });
  await gateway.start();
  api = apiOf({ url: gateway.url, token });
}

beforeAll(() => start());
afterAll(async () => {
  await gateway.stop();
  rmSync(root, { recursive: true, force: true });
});

const agents = async () => Object.fromEntries(((await api('GET', '/agents')).body as any[]).map((agent) => [agent.id, agent]));

describe('agents found on PATH', () => {
  it('are listed beside the configured ones, marked detected, enabled, with their version', async () => {
    const byId = await agents();
    expect(byId.echo).toMatchObject({ source: 'config' });
    expect(byId.claude).toMatchObject({ source: 'detected', adapter: 'claude-code', name: 'Claude Code', enabled: true, state: 'online', version: '9.9.6', path: join(root, 'bin', 'claude') });
    expect(byId.codex).toMatchObject({ source: 'detected', adapter: 'codex', state: 'online', version: '9.9.5' });
    expect(byId.gemini).toMatchObject({ source: 'detected', adapter: 'gemini', state: 'online' });
  });

  it('run with safe defaults: Codex in workspace-write, Claude Code accepting edits only', async () => {
    const codex = await waitForTask(api, (await api('POST', '/tasks', taskMessage('look', 'codex'))).body.task_id);
    expect(codex.status).toBe('completed');
    expect(codex.result).toContain('--sandbox workspace-write');
    const claude = await waitForTask(api, (await api('POST', '/tasks', taskMessage('look', 'claude'))).body.task_id);
    expect(claude.result).toContain('--permission-mode acceptEdits');
    expect(gateway.services.agents.configOf('gemini')).toMatchObject({ autoApprove: false });
  });

  it('give way to an agent the user set up for the same CLI', async () => {
    const registered = await api('POST', '/agents', { id: 'my-claude', type: 'claude-code', endpoint: join(root, 'bin', 'claude') });
    expect(registered.status).toBe(201);
    const byId = await agents();
    expect(byId['my-claude']).toMatchObject({ source: 'registered' });
    expect(byId.claude).toBeUndefined();
    expect((await api('DELETE', '/agents/my-claude')).status).toBe(204);
    expect((await agents()).claude).toMatchObject({ source: 'detected' });
  });

  it('can be turned off, which is remembered across a restart, but not removed', async () => {
    expect((await api('PATCH', '/agents/codex', { enabled: false })).body).toMatchObject({ state: 'disabled', source: 'detected' });
    const removed = await api('DELETE', '/agents/codex');
    expect(removed.status).toBe(409);
    expect(removed.body.error.code).toBe('AGENT_DETECTED');
    await gateway.stop();
    await start();
    expect((await agents()).codex).toMatchObject({ enabled: false, state: 'disabled' });
    expect((await api('POST', '/tasks', taskMessage('x', 'codex'))).status).toBe(409);
  });

  it('stops when detectAgents is false', async () => {
    gateway.services.config.replace({ ...config, detectAgents: false });
    expect(Object.keys(await agents())).toEqual(['echo']);
    gateway.services.config.replace(config);
    expect(Object.keys(await agents()).sort()).toEqual(['claude', 'codex', 'echo', 'gemini']);
  });
});
