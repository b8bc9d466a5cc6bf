import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../server.js';
import { createLogger } from '../../log/logger.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../../testing/upstream.js';
import { scriptAgent } from '../../testing/task-helpers.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

let gateway: Gateway;
let upstream: ScriptedUpstream;
let dataDir: string;
let configPath: string;
const token = 'ui-test-token-0123456789';

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-ui-'));
  configPath = join(dataDir, 'config.yaml');
  writeFileSync(configPath, `providers:\n  - id: up\n    type: openai-chat\n    baseUrl: ${upstream.url}/v1\n    apiKey: "\${UI_TEST_KEY}"\n    models: [m1]\nagents:\n  - ${JSON.stringify(scriptAgent('echo', 'echo-agent'))}\n`);
  const uiDir = join(dataDir, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>AgentMesh</title>');
  gateway = createGateway({ configPath, dataDir, port: 0, token, uiDir, logger: createLogger({ level: 'error' }), env: { ...process.env, UI_TEST_KEY: 'sk-live-secret-value-1234' } });
  await gateway.start();
});
afterAll(async () => {
  await gateway.stop();
  await upstream.close();
});

const call = async (name: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => {
  const response = await fetch(`${gateway.url}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: () => response.json() as Promise<any> };
};

describe('browser face', () => {
  it('logs a browser in once with a one-time link, into an HttpOnly cookie', async () => {
    const link = gateway.loginLink();
    expect(link).not.toContain(token);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/ui/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);
    const session = cookie.split(';')[0]!;
    const status = await call('gateway.status', {}, { cookie: session });
    expect(status.status).toBe(200);
    expect((await status.json()).url).toBe(gateway.url);
    expect((await call('gateway.status', {}, { cookie: 'agentmesh_session_1=forged' })).status).toBe(401);
    // The session opens the UI contract only, not the agentmesh API.
    expect((await fetch(`${gateway.url}/tasks`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('serves the dashboard under a strict CSP', async () => {
    const page = await fetch(`${gateway.url}/ui/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('AgentMesh');
  });

  it('validates every method input and names unknown methods', async () => {
    expect((await call('nope.nothing', {})).status).toBe(404);
    const bad = await call('tasks.submit', { task: '' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/body\.task: Describe the task/);
    expect((await call('gateway.setPaused', { paused: true })).status).toBe(501);
  });

  it('never sends a provider key to the UI, and keeps keys and env references when saving', async () => {
    const list = await (await call('providers.list', {})).json();
    expect(list[0]).toMatchObject({ id: 'up', keyPreview: 'sk-…1234', keyFromEnv: 'UI_TEST_KEY', available: true });
    expect(JSON.stringify(list)).not.toContain('sk-live-secret-value-1234');

    const saved = await call('providers.save', { provider: { id: 'up', type: 'openai-chat', baseUrl: `${upstream.url}/v1`, models: ['m1', 'm2'], rpm: 30 } });
    expect(saved.status).toBe(200);
    const written = parse(readFileSync(configPath, 'utf8'));
    expect(written.providers[0]).toMatchObject({ apiKey: '${UI_TEST_KEY}', models: ['m1', 'm2'], rpm: 30 });

    const added = await call('providers.save', { provider: { id: 'second', type: 'anthropic', baseUrl: 'http://127.0.0.1:9', apiKey: 'sk-ant-typed-in-ui-999', models: ['c1'] } });
    expect((await added.json()).keyPreview).toBe('sk-…-999');
    expect(JSON.stringify(await (await call('providers.list', {})).json())).not.toContain('sk-ant-typed-in-ui-999');

    const invalid = await call('providers.save', { provider: { id: 'x', type: 'smoke-signal', baseUrl: 'nope' } });
    expect(invalid.status).toBe(400);
  });

  it('edits routes, tests which chain serves a model, and refuses a bad rule', async () => {
    const routes = [{ match: 'fast-*', to: ['up:m2', 'second'] }];
    expect(await (await call('routes.save', { routes })).json()).toEqual(routes);
    const tested = await (await call('routes.test', { model: 'fast-one' })).json();
    expect(tested).toMatchObject({ rule: 'fast-*', targets: [{ provider: 'up', model: 'm2', available: true }, { provider: 'second', model: 'c1' }] });
    const unknown = await (await call('routes.test', { model: 'nothing-matches' })).json();
    expect(unknown.error).toMatch(/does not exist/);
    const bad = await call('routes.save', { routes: [{ match: '*', to: ['ghost'] }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/routes\.0\.to\.0: unknown provider "ghost"/);
    expect((await call('providers.remove', { id: 'second' })).status).toBe(409);
  });

  it('dispatches a task, lists it, and pushes its events over SSE', async () => {
    const controller = new AbortController();
    const events = await fetch(`${gateway.url}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = events.body!.getReader();
    const submitted = await (await call('tasks.submit', { task: 'from the ui', target: 'echo' })).json();
    let text = '';
    while (!text.includes('"status":"completed"')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('event: task.submitted');
    expect(text).toContain('event: task.event');
    const task = await (await call('tasks.get', { id: submitted.task_id })).json();
    expect(task).toMatchObject({ status: 'completed', result: 'done: from the ui' });
    const rerun = await (await call('tasks.rerun', { id: submitted.task_id })).json();
    expect(rerun.task_id).not.toBe(submitted.task_id);
    const list = await (await call('tasks.list', { limit: 10 })).json();
    expect(list.total).toBeGreaterThanOrEqual(2);
  });

  it('reveals and rotates the generated token only when asked', async () => {
    const settings = await (await call('settings.get', {})).json();
    expect(settings).toMatchObject({ url: gateway.url, dataDir, desktop: false });
    expect(JSON.stringify(settings)).not.toContain(token);
    expect((await (await call('settings.revealToken', {})).json()).token).toBe(token);
    expect((await call('settings.rotateToken', {})).status).toBe(409);
  });
});
